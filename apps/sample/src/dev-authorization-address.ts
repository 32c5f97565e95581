import type { EnvSource } from '@nest-mcp/auth';
import { listenAddress } from './sample-address.js';

/** The variable that sets the development authorization server's port. */
export const DEV_AUTH_PORT_VARIABLE = 'MCP_DEV_AUTH_PORT';

const read = (source: EnvSource, key: string): string | undefined =>
  (typeof source.get === 'function'
    ? ((source as { get(key: string): unknown }).get(key) as string | undefined)
    : (source as Record<string, string | undefined>)[key]
  )?.trim() || undefined;

/**
 * Port of the embedded development authorization server: `MCP_DEV_AUTH_PORT`, else `PORT + 1`
 * (0, a random port, when `PORT` is 0).
 */
export function devAuthorizationPort(source: EnvSource): number {
  const raw = read(source, DEV_AUTH_PORT_VARIABLE);
  if (raw === undefined) {
    const { port } = listenAddress(source);
    return port === 0 ? 0 : port + 1;
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `${DEV_AUTH_PORT_VARIABLE} "${raw}" is not a TCP port number (0-65535)`,
    );
  }
  return port;
}

/**
 * The issuer the embedded development authorization server has with this environment
 * (`http://HOST:MCP_DEV_AUTH_PORT`), or `undefined` when its port is random (0).
 */
export function devAuthorizationIssuer(source: EnvSource): string | undefined {
  const port = devAuthorizationPort(source);
  return port === 0
    ? undefined
    : `http://${listenAddress(source).host}:${port}`;
}
