import {
  mcpAuthOptionsFromEnv,
  type EnvSource,
  type McpAuthOptions,
} from '@nest-mcp/auth';

/** Scopes of the sample's tools, advertised by default and issued by the development server. */
export const SAMPLE_SCOPES = ['notes:read', 'notes:write'];

type Read = (key: string) => string | undefined;

const reader = (source: EnvSource): Read =>
  typeof source.get === 'function'
    ? (key) =>
        (source as { get(key: string): unknown }).get(key) as string | undefined
    : (key) => (source as Record<string, string | undefined>)[key];

/** Where the sample listens: `HOST` (default 127.0.0.1) and `PORT` (default 3000). */
export function listenAddress(source: EnvSource): {
  host: string;
  port: number;
} {
  const read = reader(source);
  const host = read('HOST') || '127.0.0.1';
  const rawPort = read('PORT') || '3000';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT "${rawPort}" is not a TCP port number (0-65535)`);
  }
  return { host, port };
}

/** The resource URL: `MCP_AUTH_RESOURCE_URL`, else the contract's default `http://HOST:PORT/mcp`. */
export function sampleResource(source: EnvSource): string {
  const explicit = reader(source)('MCP_AUTH_RESOURCE_URL');
  if (explicit) return explicit;
  const { host, port } = listenAddress(source);
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/mcp`;
}

/** Auth options from `MCP_AUTH_*`, with the sample's defaults (resource, scopes, name). */
export function sampleAuthOptions(source: EnvSource): McpAuthOptions {
  return mcpAuthOptionsFromEnv(source, {
    resource: sampleResource(source),
    resourceName: 'nest-mcp-auth sample',
    scopesSupported: SAMPLE_SCOPES,
  });
}
