import { describe, expect, it } from '@jest/globals';
import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import { mcpAuthOptionsFromEnv } from './options-from-env.js';

const base = {
  MCP_AUTH_RESOURCE_URL: 'https://api.example.com/mcp',
  MCP_AUTH_AUTHORIZATION_SERVERS:
    'https://a.example, https://b.example/realms/x',
};

describe('mcpAuthOptionsFromEnv (CONTRACT "Auth configuration")', () => {
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
});
