import { describe, expect, it } from '@jest/globals';
import { resolveMcpAuthOptions } from '../../config/resolve-options.js';
import { mcpAuthOptionsFromEnv } from '../../config/options-from-env.js';

const resolve = (introspection: unknown) =>
  resolveMcpAuthOptions({
    resource: 'https://api.example/mcp',
    authorizationServers: [
      { issuer: 'https://as.example', introspection } as never,
    ],
  }).authorizationServers[0].introspection;

describe('authorizationServers[].introspection', () => {
  it('defaults: client_secret_basic, 60 s, aud required, endpoint discovered', () => {
    expect(resolve({ clientId: 'rs', clientSecret: 's3cret' })).toEqual({
      clientId: 'rs',
      clientSecret: 's3cret',
      privateKey: undefined,
      endpoint: undefined,
      authMethod: 'client_secret_basic',
      cacheTtlSeconds: 60,
      acceptMissingAudience: false,
    });
  });

  it('is absent unless configured', () => {
    expect(resolve(undefined)).toBeUndefined();
  });

  it.each([
    [{ clientId: 'rs' }, 'authorizationServers[0].introspection.clientSecret'],
    [{ clientSecret: 's' }, 'authorizationServers[0].introspection.clientId'],
    [
      { clientId: 'rs', clientSecret: 's', authMethod: 'tls_client_auth' },
      'authorizationServers[0].introspection.authMethod',
    ],
    [
      { clientId: 'rs', clientSecret: 's', cacheTtlSeconds: -1 },
      'authorizationServers[0].introspection.cacheTtlSeconds',
    ],
    [
      { clientId: 'rs', clientSecret: 's', endpoint: 'http://as.example/i' },
      'authorizationServers[0].introspection.endpoint',
    ],
    [
      { clientId: 'rs', clientSecret: 's', secret: 'x' },
      'authorizationServers[0].introspection.secret',
    ],
    ['yes', 'authorizationServers[0].introspection'],
    [
      { clientId: 'rs', authMethod: 'private_key_jwt' },
      'authorizationServers[0].introspection.privateKey',
    ],
    [
      {
        clientId: 'rs',
        authMethod: 'private_key_jwt',
        privateKey: { kty: 'oct', k: 'x', alg: 'HS256', d: 'x' },
      },
      'authorizationServers[0].introspection.privateKey',
    ],
    [
      {
        clientId: 'rs',
        clientSecret: 's',
        authMethod: 'private_key_jwt',
        privateKey: { kty: 'EC', d: 'x', alg: 'ES256' },
      },
      'authorizationServers[0].introspection.clientSecret',
    ],
    [
      {
        clientId: 'rs',
        clientSecret: 's',
        privateKey: { d: 'x', alg: 'ES256' },
      },
      'authorizationServers[0].introspection.privateKey',
    ],
  ])('refuses %j naming %s', (value, option) => {
    expect(() => resolve(value)).toThrow(`"${option}"`);
  });

  it('never echoes the client secret in an error', () => {
    expect(() =>
      resolve({
        clientId: 'rs',
        clientSecret: 'visible-secret',
        cacheTtlSeconds: 'x',
      }),
    ).toThrow(
      expect.objectContaining({
        message: expect.not.stringContaining('visible-secret'),
      }),
    );
  });

  it('reads the "introspection" member of MCP_AUTH_AUTHORIZATION_SERVERS', () => {
    const options = mcpAuthOptionsFromEnv({
      MCP_AUTH_RESOURCE_URL: 'https://api.example/mcp',
      MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify([
        {
          issuer: 'https://as.example',
          introspection: {
            clientId: 'rs',
            clientSecret: 's',
            endpoint: 'https://as.example/introspect',
          },
        },
      ]),
    });
    expect(
      resolveMcpAuthOptions(options).authorizationServers[0].introspection
        ?.endpoint,
    ).toBe('https://as.example/introspect');
  });
});
