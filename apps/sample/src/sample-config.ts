import type { ConfigService } from '@nestjs/config';
import { mcpAuthOptionsFromEnv, type McpAuthOptions } from '@nest-mcp/auth';

/** Where the sample listens: `HOST` (default 127.0.0.1) and `PORT` (default 3000). */
export function listenAddress(config: ConfigService): {
  host: string;
  port: number;
} {
  const host = config.get<string>('HOST') || '127.0.0.1';
  const rawPort = config.get<string>('PORT') || '3000';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT "${rawPort}" is not a TCP port number (0-65535)`);
  }
  return { host, port };
}

/** Auth options from `MCP_AUTH_*`, with the contract's default resource `http://HOST:PORT/mcp`. */
export function sampleAuthOptions(config: ConfigService): McpAuthOptions {
  const { host, port } = listenAddress(config);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return mcpAuthOptionsFromEnv(config, {
    resource: `http://${urlHost}:${port}/mcp`,
    resourceName: 'nest-mcp-auth sample',
  });
}
