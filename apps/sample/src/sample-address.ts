import type { EnvSource } from '@nest-mcp/auth';

/*
 * The sample's addresses and defaults read from the environment, without loading the libraries
 * (the command-line tools import this file and stay quick to start).
 */

/** `resource_name` of the sample's metadata. */
export const SAMPLE_RESOURCE_NAME = 'nest-mcp-auth sample';

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

/** Whether `MCP_AUTH_AUTHORIZATION_SERVERS` names an issuer (else the sample starts its development one). */
export function trustsConfiguredIssuers(source: EnvSource): boolean {
  return Boolean(reader(source)('MCP_AUTH_AUTHORIZATION_SERVERS')?.trim());
}
