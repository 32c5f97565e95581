import { McpServerConfigError } from '../mcp-server.errors.js';
import type { McpServerOptions } from '../mcp-server-options.interface.js';
import { resolveMcpServerOptions } from '../resolve-server-options.js';
import {
  ENV_OPTION_NAMES,
  SERVER_OPTION_TABLE,
  type EnvOptionName,
} from './server-option-table.js';

/** Where `mcpServerOptionsFromEnv` reads variables: `process.env`, a plain record, or a `ConfigService`. */
export type ServerEnvSource =
  Readonly<Record<string, string | undefined>> | { get(key: string): unknown };

/**
 * Names of the environment variables read by `mcpServerOptionsFromEnv`, one per option.
 *
 * @publicApi
 */
export const MCP_SERVER_ENV = Object.freeze(
  Object.fromEntries(
    ENV_OPTION_NAMES.map((name) => [name, SERVER_OPTION_TABLE[name].env]),
  ) as { readonly [K in EnvOptionName]: string },
);

/**
 * Builds `McpServerOptions` from the `MCP_SERVER_*` environment variables, for
 * `forRootAsync({ inject: [ConfigService], useFactory: (c) => mcpServerOptionsFromEnv(c, { name, version }) })`.
 * Variables win over `defaults`. The result is validated at once: a value that cannot be used
 * throws a `McpServerConfigError` naming the variable and the fix.
 *
 * @publicApi
 */
export function mcpServerOptionsFromEnv(
  source: ServerEnvSource = process.env,
  defaults: Partial<McpServerOptions> = {},
): McpServerOptions {
  const read = reader(source);
  const options: Record<string, unknown> = { ...defaults };
  const fromVariable = new Map<string, string>();
  for (const name of ENV_OPTION_NAMES) {
    const { env, fromEnv } = SERVER_OPTION_TABLE[name];
    const raw = read(env);
    if (raw === undefined) continue;
    options[name] = fromEnv(raw, env);
    fromVariable.set(name, env);
  }
  try {
    resolveMcpServerOptions(options as unknown as McpServerOptions);
  } catch (error) {
    const variable =
      error instanceof McpServerConfigError
        ? fromVariable.get(error.option)
        : undefined;
    if (!variable) throw error;
    throw new McpServerConfigError(
      variable,
      (error as Error).message.replace(/^McpServerModule /, ''),
    );
  }
  return options as unknown as McpServerOptions;
}

function reader(source: ServerEnvSource): (key: string) => string | undefined {
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
