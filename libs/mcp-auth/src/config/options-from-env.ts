import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import type { McpAuthOptions } from '../mcp-auth-options.interface.js';
import { OPTION_NAMES, OPTION_TABLE, type OptionName } from './option-table.js';

/** Where `mcpAuthOptionsFromEnv` reads variables: `process.env`, a plain record, or a `ConfigService`. */
export type EnvSource =
  Readonly<Record<string, string | undefined>> | { get(key: string): unknown };

/** Names of the environment variables read by `mcpAuthOptionsFromEnv`, one per option. */
export const MCP_AUTH_ENV = Object.freeze(
  Object.fromEntries(
    OPTION_NAMES.map((name) => [name, OPTION_TABLE[name].env]),
  ) as { readonly [K in OptionName]: (typeof OPTION_TABLE)[K]['env'] },
);

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
  const options: Record<string, unknown> = { ...defaults };
  for (const name of OPTION_NAMES) {
    const { env, fromEnv } = OPTION_TABLE[name];
    const raw = read(env);
    if (raw !== undefined) options[name] = parse(fromEnv, raw, env, name);
  }
  if (!options.resource) {
    throw new McpAuthConfigError(
      MCP_AUTH_ENV.resource,
      'is not set; set it to the public URL of your MCP endpoint, e.g. https://api.example.com/mcp',
      'resource',
    );
  }
  if (
    !Array.isArray(options.authorizationServers) ||
    options.authorizationServers.length === 0
  ) {
    throw new McpAuthConfigError(
      MCP_AUTH_ENV.authorizationServers,
      'is not set; set it to your issuer URL(s), comma-separated (e.g. https://idp.example.com/realms/acme), or a JSON array of {"issuer","jwksUri","audiences","algorithms"}',
      'authorizationServers',
    );
  }
  return options as unknown as McpAuthOptions;
}

/** Parses one variable; its errors name the variable and the option it sets. */
function parse(
  fromEnv: (text: string, variable: string) => unknown,
  raw: string,
  variable: string,
  option: string,
): unknown {
  try {
    return fromEnv(raw, variable);
  } catch (error) {
    if (error instanceof McpAuthConfigError && error.option === variable) {
      throw new McpAuthConfigError(variable, error.problem, option);
    }
    throw error;
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
