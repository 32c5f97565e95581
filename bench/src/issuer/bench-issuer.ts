import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { BenchSigningKey } from './signing-key.js';

/** A local authorization server stand-in that counts every request it answers, by path. */
export interface BenchIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  /** Requests received for `path` since the last `resetCounts()`. */
  count(path: string): number;
  /** Requests received for any path since the last `resetCounts()`. */
  total(): number;
  resetCounts(): void;
  close(): Promise<void>;
}

/** Path of the JWKS. */
export const JWKS_PATH = '/jwks';

/**
 * Serves OpenID / RFC 8414 discovery and a JWKS holding `key` on 127.0.0.1 (random port). Each JWKS
 * answer waits `jwksLatencyMs`, like a remote identity provider, so concurrent cold requests
 * overlap a fetch in flight.
 */
export async function startBenchIssuer(
  key: BenchSigningKey,
  jwksLatencyMs: number,
): Promise<BenchIssuer> {
  const counts = new Map<string, number>();
  let origin = '';
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    counts.set(path, (counts.get(path) ?? 0) + 1);
    void answer(path).then((body) => {
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: 'not_found' }));
    });
  });
  const answer = async (path: string): Promise<object | undefined> => {
    if (path === JWKS_PATH) {
      await delay(jwksLatencyMs);
      return { keys: [key.publicJwk] };
    }
    if (
      path === '/.well-known/openid-configuration' ||
      path === '/.well-known/oauth-authorization-server'
    ) {
      return {
        issuer: origin,
        jwks_uri: `${origin}${JWKS_PATH}`,
        response_types_supported: ['code'],
        id_token_signing_alg_values_supported: ['RS256'],
      };
    }
    return undefined;
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer: origin,
    jwksUri: `${origin}${JWKS_PATH}`,
    count: (path) => counts.get(path) ?? 0,
    total: () => [...counts.values()].reduce((sum, n) => sum + n, 0),
    resetCounts: () => counts.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
