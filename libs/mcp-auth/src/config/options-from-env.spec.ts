import { describe, expect, it } from '@jest/globals';
import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import { readFileSync } from 'node:fs';
import { MCP_AUTH_ENV, mcpAuthOptionsFromEnv } from './options-from-env.js';
import { OPTION_NAMES } from './option-table.js';
import { resolveMcpAuthOptions } from './resolve-options.js';

const base = {
  MCP_AUTH_RESOURCE_URL: 'https://api.example.com/mcp',
  MCP_AUTH_AUTHORIZATION_SERVERS:
    'https://a.example, https://b.example/realms/x',
};

describe('mcpAuthOptionsFromEnv (the MCP_AUTH_* variables of docs/configuration.md)', () => {
  it('reads comma-separated issuers and every MCP_AUTH_* variable', () => {
    expect(
      mcpAuthOptionsFromEnv({
        ...base,
        MCP_AUTH_SCOPES_SUPPORTED: 'notes:read notes:write,extra',
        MCP_AUTH_REQUIRED_SCOPES: 'mcp',
        MCP_AUTH_CLOCK_TOLERANCE_SECONDS: '5',
        MCP_AUTH_RESOURCE_NAME: 'Notes',
      }),
    ).toEqual({
      resource: 'https://api.example.com/mcp',
      authorizationServers: [
        { issuer: 'https://a.example' },
        { issuer: 'https://b.example/realms/x' },
      ],
      scopesSupported: ['notes:read', 'notes:write', 'extra'],
      requiredScopes: ['mcp'],
      clockToleranceSeconds: 5,
      resourceName: 'Notes',
    });
  });

  it('has a variable for every option, each read and checked like the option itself', () => {
    const env: Record<string, string> = {
      MCP_AUTH_ALLOW_INSECURE_HTTP: 'yes',
      MCP_AUTH_RESOURCE_URL: 'http://mcp.internal/mcp',
      MCP_AUTH_AUTHORIZATION_SERVERS: 'http://idp.internal',
      MCP_AUTH_SCOPES_SUPPORTED: 'a b',
      MCP_AUTH_REQUIRED_SCOPES: 'a',
      MCP_AUTH_CLOCK_TOLERANCE_SECONDS: '7',
      MCP_AUTH_MAX_TOKEN_AGE_SECONDS: '900',
      MCP_AUTH_REQUIRE_AT_JWT: 'true',
      MCP_AUTH_REFUSE_ID_TOKENS: 'false',
      MCP_AUTH_RESOURCE_NAME: 'Notes',
      MCP_AUTH_RESOURCE_DOCUMENTATION: 'https://docs.example/mcp',
      MCP_AUTH_JWKS_CACHE_MAX_AGE_SECONDS: '120',
      MCP_AUTH_JWKS_COOLDOWN_SECONDS: '5',
      MCP_AUTH_JWKS_TIMEOUT_MS: '2500',
      MCP_AUTH_TOKEN_CACHE_SIZE: '0',
      MCP_AUTH_TOKEN_CACHE_TTL_SECONDS: '60',
      MCP_AUTH_STRICT_STARTUP: 'yes',
      MCP_AUTH_SCOPE_HIERARCHY: '{"a":["b"]}',
      MCP_AUTH_DPOP: 'Required',
      MCP_AUTH_DPOP_ALGORITHMS: 'ES256, EdDSA',
      MCP_AUTH_DPOP_REQUIRE_CONTENT_DIGEST: 'true',
      MCP_AUTH_DPOP_PROOF_WINDOW_SECONDS: '120',
      MCP_AUTH_DPOP_REPLAY_CACHE_SIZE: '5000',
      MCP_AUTH_DPOP_REPLAY_KEY_QUOTA: '300',
      MCP_AUTH_DPOP_REPLAY_IDENTITY_QUOTA: '600',
      MCP_AUTH_DPOP_NONCE: 'yes',
      MCP_AUTH_DPOP_NONCE_SECRET: 'x'.repeat(32),
      MCP_AUTH_DPOP_NONCE_LIFETIME_SECONDS: '60',
    };
    expect(Object.keys(env).sort()).toEqual(Object.values(MCP_AUTH_ENV).sort());
    const options = mcpAuthOptionsFromEnv(env);
    expect(Object.keys(options).sort()).toEqual([...OPTION_NAMES].sort());
    expect(resolveMcpAuthOptions(options)).toMatchObject({
      allowInsecureHttp: true,
      resource: 'http://mcp.internal/mcp',
      authorizationServers: [{ issuer: 'http://idp.internal' }],
      scopesSupported: ['a', 'b'],
      requiredScopes: ['a'],
      clockToleranceSeconds: 7,
      maxTokenAgeSeconds: 900,
      requireJwtAccessTokenType: true,
      refuseIdTokens: false,
      resourceName: 'Notes',
      resourceDocumentation: 'https://docs.example/mcp',
      jwksCacheMaxAgeSeconds: 120,
      jwksCooldownSeconds: 5,
      jwksTimeoutMs: 2500,
      tokenCacheSize: 0,
      tokenCacheTtlSeconds: 60,
      strictStartup: true,
      scopeHierarchy: new Map([['a', new Set(['b'])]]),
      dpop: 'required',
      dpopAlgorithms: ['ES256', 'EdDSA'],
      dpopRequireContentDigest: true,
      dpopProofWindowSeconds: 120,
      dpopReplayCacheSize: 5000,
      dpopReplayKeyQuota: 300,
      dpopReplayIdentityQuota: 600,
      dpopNonce: true,
      dpopNonceSecret: 'x'.repeat(32),
      dpopNonceLifetimeSeconds: 60,
    });
  });

  it('reads a per-issuer refuseIdTokens and refuses a non-boolean, naming the option', () => {
    const options = mcpAuthOptionsFromEnv({
      ...base,
      MCP_AUTH_AUTHORIZATION_SERVERS:
        '[{"issuer":"https://a.example","refuseIdTokens":false},"https://b.example"]',
    });
    expect(resolveMcpAuthOptions(options)).toMatchObject({
      refuseIdTokens: true,
      authorizationServers: [
        { issuer: 'https://a.example', refuseIdTokens: false },
        { issuer: 'https://b.example', refuseIdTokens: undefined },
      ],
    });
    expect(() =>
      resolveMcpAuthOptions(
        mcpAuthOptionsFromEnv({
          ...base,
          MCP_AUTH_AUTHORIZATION_SERVERS:
            '[{"issuer":"https://a.example","refuseIdTokens":"no"}]',
        }),
      ),
    ).toThrow(/authorizationServers\[0\]\.refuseIdTokens.*true or false/u);
  });

  it('reads a per-issuer DPoP mode and refuses an unknown one, naming the option', () => {
    const options = mcpAuthOptionsFromEnv({
      ...base,
      MCP_AUTH_AUTHORIZATION_SERVERS:
        '[{"issuer":"https://a.example","dpop":"required"},"https://b.example"]',
      MCP_AUTH_DPOP: 'off',
    });
    expect(resolveMcpAuthOptions(options)).toMatchObject({
      dpop: 'off',
      authorizationServers: [
        { issuer: 'https://a.example', dpop: 'required' },
        { issuer: 'https://b.example', dpop: undefined },
      ],
    });
    expect(() =>
      resolveMcpAuthOptions(
        mcpAuthOptionsFromEnv({ ...base, MCP_AUTH_DPOP: 'sometimes' }),
      ),
    ).toThrow(
      'McpAuthModule option "dpop": must be one of "required", "allowed", "off"',
    );
    expect(() =>
      resolveMcpAuthOptions(
        mcpAuthOptionsFromEnv({
          ...base,
          MCP_AUTH_DPOP_ALGORITHMS: 'HS256',
        }),
      ),
    ).toThrow(/"dpopAlgorithms": "HS256" is not allowed/);
    expect(() =>
      resolveMcpAuthOptions(
        mcpAuthOptionsFromEnv({ ...base, MCP_AUTH_DPOP_NONCE_SECRET: 'short' }),
      ),
    ).toThrow(/"dpopNonceSecret": must be a string of at least 32 characters/);
  });

  it.each(['docs/configuration.md', '.env.example'])(
    'every variable is documented in %s',
    (file) => {
      const text = readFileSync(
        new URL(`../../../../${file}`, import.meta.url),
        'utf8',
      );
      const missing = Object.values(MCP_AUTH_ENV).filter(
        (variable) => !text.includes(variable),
      );
      expect(missing).toEqual([]);
    },
  );

  it('every option is a row of the McpAuthModule table of docs/configuration.md', () => {
    const page = readFileSync(
      new URL('../../../../docs/configuration.md', import.meta.url),
      'utf8',
    );
    const table = page
      .split('## `McpAuthModule` options')[1]
      ?.split('\n## ')[0];
    const missing = OPTION_NAMES.filter(
      (option) => !table?.includes(`| \`${option}\``),
    );
    expect(missing).toEqual([]);
  });

  it('refuses an out-of-range value read from a variable, naming the option', () => {
    const options = mcpAuthOptionsFromEnv({
      ...base,
      MCP_AUTH_JWKS_TIMEOUT_MS: '5',
    });
    expect(() => resolveMcpAuthOptions(options)).toThrow(
      'McpAuthModule option "jwksTimeoutMs": must be a whole number of milliseconds between 100 and 60000',
    );
  });

  it('reads MCP_AUTH_SCOPE_HIERARCHY as a JSON object, and names it when it is not JSON', () => {
    expect(
      mcpAuthOptionsFromEnv({
        ...base,
        MCP_AUTH_SCOPE_HIERARCHY:
          '{"notes:admin":["notes:read","notes:write"]}',
      }).scopeHierarchy,
    ).toEqual({ 'notes:admin': ['notes:read', 'notes:write'] });
    expect(() =>
      mcpAuthOptionsFromEnv({
        ...base,
        MCP_AUTH_SCOPE_HIERARCHY: 'notes:admin',
      }),
    ).toThrow(/MCP_AUTH_SCOPE_HIERARCHY.*not valid JSON/);
  });

  it('reads a JSON array of issuers with jwksUri, audiences and algorithms', () => {
    const servers = [
      {
        issuer: 'https://a.example',
        jwksUri: 'https://a.example/keys',
        audiences: ['api://x'],
        algorithms: ['ES256'],
      },
    ];
    expect(
      mcpAuthOptionsFromEnv({
        ...base,
        MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify(servers),
      }).authorizationServers,
    ).toEqual(servers);
  });

  it('reads through a ConfigService-like get()', () => {
    const config = {
      get: (key: string) => (base as Record<string, string>)[key],
    };
    expect(mcpAuthOptionsFromEnv(config).resource).toBe(
      'https://api.example.com/mcp',
    );
  });

  it('uses defaults for what the environment leaves out, and the environment over defaults', () => {
    const { MCP_AUTH_RESOURCE_URL: _omit, ...noResource } = base;
    expect(
      mcpAuthOptionsFromEnv(noResource, {
        resource: 'http://127.0.0.1:3000/mcp',
      }).resource,
    ).toBe('http://127.0.0.1:3000/mcp');
    expect(
      mcpAuthOptionsFromEnv(base, { resource: 'http://127.0.0.1:3000/mcp' })
        .resource,
    ).toBe('https://api.example.com/mcp');
  });

  it.each([
    [
      { MCP_AUTH_AUTHORIZATION_SERVERS: undefined },
      'MCP_AUTH_AUTHORIZATION_SERVERS',
    ],
    [
      { MCP_AUTH_AUTHORIZATION_SERVERS: '  ' },
      'MCP_AUTH_AUTHORIZATION_SERVERS',
    ],
    [
      { MCP_AUTH_AUTHORIZATION_SERVERS: '[{"issuer":' },
      'MCP_AUTH_AUTHORIZATION_SERVERS',
    ],
    [{ MCP_AUTH_RESOURCE_URL: undefined }, 'MCP_AUTH_RESOURCE_URL'],
    [
      { MCP_AUTH_CLOCK_TOLERANCE_SECONDS: 'soon' },
      'MCP_AUTH_CLOCK_TOLERANCE_SECONDS',
    ],
    [{ MCP_AUTH_REQUIRE_AT_JWT: 'maybe' }, 'MCP_AUTH_REQUIRE_AT_JWT'],
  ])('fails clearly on %j', (patch, variable) => {
    let error: unknown;
    try {
      mcpAuthOptionsFromEnv({ ...base, ...patch });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(McpAuthConfigError);
    expect((error as McpAuthConfigError).option).toBe(variable);
  });

  it.each([
    [
      { MCP_AUTH_RESOURCE_URL: undefined },
      /^MCP_AUTH_RESOURCE_URL \(option resource\) is not set; /u,
    ],
    [
      { MCP_AUTH_AUTHORIZATION_SERVERS: undefined },
      /^MCP_AUTH_AUTHORIZATION_SERVERS \(option authorizationServers\) is not set; /u,
    ],
    [
      { MCP_AUTH_CLOCK_TOLERANCE_SECONDS: 'soon' },
      /^MCP_AUTH_CLOCK_TOLERANCE_SECONDS \(option clockToleranceSeconds\) "soon" is not a number/u,
    ],
  ])(
    'names the variable and the option each in its place (%j)',
    (patch, message) => {
      expect(() => mcpAuthOptionsFromEnv({ ...base, ...patch })).toThrow(
        message,
      );
    },
  );
});
