import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import type {
  AuthorizationServerOptions,
  McpAuthOptions,
} from '../mcp-auth-options.interface.js';
import { splitScopeList } from './scope-syntax.js';

/** Where `mcpAuthOptionsFromEnv` reads variables: `process.env`, a plain record, or a `ConfigService`. */
export type EnvSource =
  Readonly<Record<string, string | undefined>> | { get(key: string): unknown };

/** Names of the environment variables read by `mcpAuthOptionsFromEnv`. */
export const MCP_AUTH_ENV = {
  resource: 'MCP_AUTH_RESOURCE_URL',
  authorizationServers: 'MCP_AUTH_AUTHORIZATION_SERVERS',
  scopesSupported: 'MCP_AUTH_SCOPES_SUPPORTED',
  requiredScopes: 'MCP_AUTH_REQUIRED_SCOPES',
  scopeHierarchy: 'MCP_AUTH_SCOPE_HIERARCHY',
  clockToleranceSeconds: 'MCP_AUTH_CLOCK_TOLERANCE_SECONDS',
  maxTokenAgeSeconds: 'MCP_AUTH_MAX_TOKEN_AGE_SECONDS',
  requireJwtAccessTokenType: 'MCP_AUTH_REQUIRE_AT_JWT',
  resourceName: 'MCP_AUTH_RESOURCE_NAME',
  resourceDocumentation: 'MCP_AUTH_RESOURCE_DOCUMENTATION',
  allowInsecureHttp: 'MCP_AUTH_ALLOW_INSECURE_HTTP',
} as const;

/**
 * Builds `McpAuthOptions` from the `MCP_AUTH_*` environment variables, for
 * `forRootAsync({ inject: [ConfigService], useFactory: (c) => mcpAuthOptionsFromEnv(c) })`.
 * Variables win over `defaults`; unparsable values throw a `McpAuthConfigError` naming the variable.
 */
export function mcpAuthOptionsFromEnv(
  source: EnvSource = process.env,
  defaults: Partial<McpAuthOptions> = {},
): McpAuthOptions {
  const read = reader(source);
  const options: McpAuthOptions = {
    ...defaults,
    resource: read(MCP_AUTH_ENV.resource) ?? defaults.resource ?? '',
    authorizationServers: defaults.authorizationServers ?? [],
  };
  const servers = read(MCP_AUTH_ENV.authorizationServers);
  if (servers !== undefined) {
    options.authorizationServers = parseAuthorizationServers(servers);
  }
  if (!options.resource) {
    throw new McpAuthConfigError(
      MCP_AUTH_ENV.resource,
      'is not set; set it to the public URL of your MCP endpoint, e.g. https://api.example.com/mcp',
    );
  }
  if (options.authorizationServers.length === 0) {
    throw new McpAuthConfigError(
      MCP_AUTH_ENV.authorizationServers,
      'is not set; set it to your issuer URL(s), comma-separated (e.g. https://idp.example.com/realms/acme), or a JSON array of {"issuer","jwksUri","audiences","algorithms"}',
    );
  }
  assign(
    options,
    'scopesSupported',
    read(MCP_AUTH_ENV.scopesSupported),
    splitScopeList,
  );
  assign(
    options,
    'requiredScopes',
    read(MCP_AUTH_ENV.requiredScopes),
    splitScopeList,
  );
  assign(
    options,
    'scopeHierarchy',
    read(MCP_AUTH_ENV.scopeHierarchy),
    parseScopeHierarchy,
  );
  assign(
    options,
    'clockToleranceSeconds',
    read(MCP_AUTH_ENV.clockToleranceSeconds),
    (v) => toNumber(MCP_AUTH_ENV.clockToleranceSeconds, v),
  );
  assign(
    options,
    'maxTokenAgeSeconds',
    read(MCP_AUTH_ENV.maxTokenAgeSeconds),
    (v) => toNumber(MCP_AUTH_ENV.maxTokenAgeSeconds, v),
  );
  assign(
    options,
    'requireJwtAccessTokenType',
    read(MCP_AUTH_ENV.requireJwtAccessTokenType),
    (v) => toBoolean(MCP_AUTH_ENV.requireJwtAccessTokenType, v),
  );
  assign(options, 'resourceName', read(MCP_AUTH_ENV.resourceName), (v) => v);
  assign(
    options,
    'resourceDocumentation',
    read(MCP_AUTH_ENV.resourceDocumentation),
    (v) => v,
  );
  assign(
    options,
    'allowInsecureHttp',
    read(MCP_AUTH_ENV.allowInsecureHttp),
    (v) => toBoolean(MCP_AUTH_ENV.allowInsecureHttp, v),
  );
  return options;
}

/** Parses `MCP_AUTH_AUTHORIZATION_SERVERS`: comma-separated issuer URLs or a JSON array. */
export function parseAuthorizationServers(
  value: string,
): AuthorizationServerOptions[] {
  const text = value.trim();
  if (!text.startsWith('[')) {
    return text
      .split(',')
      .map((issuer) => issuer.trim())
      .filter((issuer) => issuer.length > 0)
      .map((issuer) => ({ issuer }));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new McpAuthConfigError(
      MCP_AUTH_ENV.authorizationServers,
      'is not valid JSON; write a JSON array like [{"issuer":"https://idp.example.com"}] or comma-separated issuer URLs',
    );
  }
  if (!Array.isArray(parsed)) {
    throw new McpAuthConfigError(
      MCP_AUTH_ENV.authorizationServers,
      'must be a JSON array',
    );
  }
  return parsed.map((entry: unknown) =>
    typeof entry === 'string'
      ? { issuer: entry }
      : (entry as AuthorizationServerOptions),
  );
}

/** Parses `MCP_AUTH_SCOPE_HIERARCHY`: a JSON object such as `{"notes:admin":["notes:read"]}`. */
function parseScopeHierarchy(value: string): Record<string, string[]> {
  try {
    return JSON.parse(value) as Record<string, string[]>;
  } catch {
    throw new McpAuthConfigError(
      MCP_AUTH_ENV.scopeHierarchy,
      'is not valid JSON; write an object like {"notes:admin":["notes:read","notes:write"]}',
    );
  }
}

function reader(source: EnvSource): (key: string) => string | undefined {
  const get =
    typeof source.get === 'function'
      ? (key: string) => (source as { get(key: string): unknown }).get(key)
      : (key: string) => (source as Record<string, unknown>)[key];
  return (key) => {
    const value = get(key);
    if (value === undefined || value === null) return undefined;
    const text = String(value).trim();
    return text === '' ? undefined : text;
  };
}

function assign<K extends keyof McpAuthOptions>(
  options: McpAuthOptions,
  key: K,
  raw: string | undefined,
  parse: (value: string) => McpAuthOptions[K],
): void {
  if (raw !== undefined) options[key] = parse(raw);
}

function toNumber(variable: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) {
    throw new McpAuthConfigError(variable, `"${value}" is not a number`);
  }
  return parsed;
}

function toBoolean(variable: string, value: string): boolean {
  const lower = value.toLowerCase();
  if (['true', '1', 'yes'].includes(lower)) return true;
  if (['false', '0', 'no'].includes(lower)) return false;
  throw new McpAuthConfigError(variable, `"${value}" is not true or false`);
}
