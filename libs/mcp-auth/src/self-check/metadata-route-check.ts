import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JWKS_LIMITS } from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import {
  BoundedFetchError,
  fetchJsonBounded,
} from '../verifier/keys/fetch-json-bounded.js';
import type { StartupFinding } from './startup-finding.js';

/**
 * Asks the application itself for its protected resource metadata, at the path-inserted URL of
 * `resource` (RFC 9728 §3.1), before it listens: a loopback listener on a random port hands each
 * request to `httpServer`'s own request handlers, so global prefixes, middleware and other routes
 * answer as they will for clients. Skipped (no finding) when there is no Node HTTP server.
 */
export async function metadataRouteFindings(
  httpServer: unknown,
  options: ResolvedMcpAuthOptions,
  globalPrefix: string,
): Promise<StartupFinding[]> {
  if (!(httpServer instanceof Server)) return [];
  const path = new URL(options.metadataUrl).pathname;
  const subject = `metadata ${path}`;
  const relay = createServer((req, res) =>
    httpServer.emit('request', req, res),
  );
  await new Promise<void>((resolve, reject) => {
    relay.once('error', reject);
    relay.listen(0, '127.0.0.1', resolve);
  });
  try {
    const { port } = relay.address() as AddressInfo;
    const { json } = await fetchJsonBounded(`http://127.0.0.1:${port}${path}`, {
      timeoutMs: options.jwksTimeoutMs,
      maxBytes: JWKS_LIMITS.maxMetadataBytes,
    });
    const served = (json as { resource?: unknown } | null)?.resource;
    if (served === options.resource) return [];
    return [
      {
        subject,
        problem: `the document served there names the resource ${JSON.stringify(served ?? null)}, not ${JSON.stringify(options.resource)}`,
        fix: 'another route answers this path; remove it, so that McpAuthModule serves the metadata of the configured resource',
      },
    ];
  } catch (error) {
    if (!(error instanceof BoundedFetchError)) throw error;
    const prefixed = globalPrefix.replace(/^\/+|\/+$/g, '');
    return [
      {
        subject,
        problem: `not served by this application (${error.detail}); MCP clients look for it at ${options.metadataUrl} (RFC 9728 §3.1)`,
        fix: prefixed
          ? `the global prefix "${prefixed}" moves it to /${prefixed}${path}: exclude it with app.setGlobalPrefix('${prefixed}', { exclude: ['.well-known/{*path}'] })`
          : 'make sure nothing in front of McpAuthModule (middleware, another route, a proxy path rewrite) answers this path',
      },
    ];
  } finally {
    relay.closeAllConnections();
    await new Promise<void>((resolve) => relay.close(() => resolve()));
  }
}
