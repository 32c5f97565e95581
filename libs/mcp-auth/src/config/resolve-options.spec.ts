import { describe, expect, it } from '@jest/globals';
import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import type { McpAuthOptions } from '../mcp-auth-options.interface.js';
import { resolveMcpAuthOptions } from './resolve-options.js';

const valid: McpAuthOptions = {
  resource: 'https://api.example.com/mcp',
  authorizationServers: [{ issuer: 'https://idp.example.com/realms/acme' }],
};
const failure = (options: unknown) => {
  try {
    resolveMcpAuthOptions(options as McpAuthOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(McpAuthConfigError);
    return error as McpAuthConfigError;
  }
  throw new Error('expected a McpAuthConfigError');
};

describe('resolveMcpAuthOptions (boot-time validation)', () => {
  it('applies the defaults and derives the path-inserted metadata URL (RFC 9728 §3.1)', () => {
    const resolved = resolveMcpAuthOptions(valid);
    expect(resolved).toMatchObject({
      resource: 'https://api.example.com/mcp',
      metadataUrl:
        'https://api.example.com/.well-known/oauth-protected-resource/mcp',
      metadataPaths: [
        '/.well-known/oauth-protected-resource/mcp',
        '/.well-known/oauth-protected-resource',
      ],
      clockToleranceSeconds: 60,
      requireJwtAccessTokenType: false,
      requiredScopes: [],
      scopesSupported: [],
      jwksCacheMaxAgeSeconds: 600,
      jwksCooldownSeconds: 30,
      jwksTimeoutMs: 5000,
    });
    expect(resolved.authorizationServers[0]).toEqual({
      issuer: 'https://idp.example.com/realms/acme',
      jwksUri: undefined,
      audiences: ['https://api.example.com/mcp'],
      algorithms: ['RS256'],
    });
  });

  it('serves one metadata path when the resource is an origin', () => {
    const resolved = resolveMcpAuthOptions({
      ...valid,
      resource: 'https://api.example.com',
    });
    expect(resolved.metadataPaths).toEqual([
      '/.well-known/oauth-protected-resource',
    ]);
    expect(resolved.resource).toBe('https://api.example.com');
  });

  it.each([
    ['a relative URL', '/mcp', 'resource'],
    ['a fragment', 'https://api.example.com/mcp#x', 'fragment'],
    ['a query', 'https://api.example.com/mcp?a=1', 'query'],
    [
      'http on a public host',
      'http://api.example.com/mcp',
      'allowInsecureHttp',
    ],
    [
      'an uppercase host',
      'https://API.example.com/mcp',
      'https://api.example.com/mcp',
    ],
    [
      'a default port',
      'https://api.example.com:443/mcp',
      'https://api.example.com/mcp',
    ],
    ['another scheme', 'ftp://api.example.com/mcp', 'https'],
  ])('rejects a resource with %s, naming the fix', (_label, resource, hint) => {
    const error = failure({ ...valid, resource });
    expect(error.option).toBe('resource');
    expect(error.message).toContain(hint);
  });

  it('allows http on loopback, and elsewhere only with allowInsecureHttp', () => {
    expect(
      resolveMcpAuthOptions({ ...valid, resource: 'http://localhost:3000/mcp' })
        .resource,
    ).toBe('http://localhost:3000/mcp');
    expect(
      resolveMcpAuthOptions({
        ...valid,
        resource: 'http://mcp.internal/mcp',
        allowInsecureHttp: true,
      }).resource,
    ).toBe('http://mcp.internal/mcp');
  });

  it.each([
    [{ authorizationServers: [] }, 'authorizationServers'],
    [{ authorizationServers: undefined }, 'authorizationServers'],
    [
      { authorizationServers: [{ issuer: 'not a url' }] },
      'authorizationServers[0].issuer',
    ],
    [
      { authorizationServers: [{ issuer: 'http://idp.example.com' }] },
      'authorizationServers[0].issuer',
    ],
    [
      {
        authorizationServers: [
          { issuer: 'https://a.example' },
          { issuer: 'https://a.example' },
        ],
      },
      'authorizationServers[1].issuer',
    ],
    [
      {
        authorizationServers: [
          { issuer: 'https://a.example', algorithms: ['HS256'] },
        ],
      },
      'authorizationServers[0].algorithms',
    ],
    [
      {
        authorizationServers: [
          { issuer: 'https://a.example', algorithms: ['none'] },
        ],
      },
      'authorizationServers[0].algorithms',
    ],
    [
      {
        authorizationServers: [{ issuer: 'https://a.example', audiences: [] }],
      },
      'authorizationServers[0].audiences',
    ],
    [
      {
        authorizationServers: [
          { issuer: 'https://a.example', jwksUri: 'http://keys.example/jwks' },
        ],
      },
      'authorizationServers[0].jwksUri',
    ],
    [
      {
        authorizationServers: [{ issuer: 'https://a.example', audience: 'x' }],
      },
      'authorizationServers[0].audience',
    ],
    [{ scopesSupported: ['notes:read', 'offline_access'] }, 'scopesSupported'],
    [{ requiredScopes: ['has space'] }, 'requiredScopes'],
    [{ clockToleranceSeconds: -1 }, 'clockToleranceSeconds'],
    [{ clockToleranceSeconds: Number.NaN }, 'clockToleranceSeconds'],
    [{ maxTokenAgeSeconds: 0 }, 'maxTokenAgeSeconds'],
    [{ requireJwtAccessTokenType: 'yes' }, 'requireJwtAccessTokenType'],
    [{ resourceName: '' }, 'resourceName'],
    [{ audience: 'typo' }, 'audience'],
    [{ jwksCacheMaxAgeSeconds: 0 }, 'jwksCacheMaxAgeSeconds'],
    [{ jwksCacheMaxAgeSeconds: 86_401 }, 'jwksCacheMaxAgeSeconds'],
    [{ jwksCacheMaxAgeSeconds: '600' }, 'jwksCacheMaxAgeSeconds'],
    [{ jwksCooldownSeconds: 0.5 }, 'jwksCooldownSeconds'],
    [{ jwksCooldownSeconds: 3601 }, 'jwksCooldownSeconds'],
    [{ jwksCooldownSeconds: Number.POSITIVE_INFINITY }, 'jwksCooldownSeconds'],
    [{ jwksTimeoutMs: 99 }, 'jwksTimeoutMs'],
    [{ jwksTimeoutMs: 60_001 }, 'jwksTimeoutMs'],
    [{ jwksTimeoutMs: 250.5 }, 'jwksTimeoutMs'],
    [{ jwksTimeoutMs: null }, 'jwksTimeoutMs'],
  ])('rejects %j naming %s', (patch, option) => {
    expect(failure({ ...valid, ...patch }).option).toBe(option);
  });

  it('accepts JWKS cache settings in range and says the range when out of it', () => {
    expect(
      resolveMcpAuthOptions({
        ...valid,
        jwksCacheMaxAgeSeconds: 1,
        jwksCooldownSeconds: 1,
        jwksTimeoutMs: 300,
      }),
    ).toMatchObject({
      jwksCacheMaxAgeSeconds: 1,
      jwksCooldownSeconds: 1,
      jwksTimeoutMs: 300,
    });
    expect(failure({ ...valid, jwksTimeoutMs: 5 }).message).toBe(
      'McpAuthModule option "jwksTimeoutMs": must be a whole number of milliseconds between 100 and 60000',
    );
    expect(failure({ ...valid, jwksCooldownSeconds: 0 }).message).toBe(
      'McpAuthModule option "jwksCooldownSeconds": must be a number of seconds between 1 and 3600',
    );
  });
});
