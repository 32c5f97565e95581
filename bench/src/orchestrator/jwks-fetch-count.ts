import type { BenchIssuer } from '../issuer/bench-issuer.js';
import { JWKS_PATH } from '../issuer/bench-issuer.js';
import type { TokenMinter } from '../issuer/token-minter.js';
import { concurrentBurst } from '../load/concurrent-burst.js';
import type { ServerConfig, ServerKind } from '../server/server-kind.js';
import { freePorts } from './free-port.js';
import { startServer } from './server-process.js';

/** How many times a freshly started server went to the issuer for one burst of cold requests. */
export interface JwksFetchCount {
  readonly kind: ServerKind;
  /** Requests to the JWKS, from process start to the end of the burst. */
  readonly jwksFetches: number;
  /** Other requests to the issuer (discovery documents). */
  readonly otherIssuerRequests: number;
  /** Answers of the burst with status 200. */
  readonly ok: number;
  readonly burstSize: number;
}

/** Starts `kind` with an empty key cache and fires `burstSize` concurrent requests, each with a new token. */
export async function countJwksFetches(
  kind: ServerKind,
  configFor: (port: number) => ServerConfig,
  issuer: BenchIssuer,
  minter: TokenMinter,
  burstSize: number,
): Promise<JwksFetchCount> {
  const tokens = minter.mintMany(burstSize, `burst-${kind}`);
  const [port] = await freePorts(1);
  issuer.resetCounts();
  const server = await startServer(kind, configFor(port));
  try {
    const statuses = await concurrentBurst(server.url, tokens);
    const jwksFetches = issuer.count(JWKS_PATH);
    return {
      kind,
      jwksFetches,
      otherIssuerRequests: issuer.total() - jwksFetches,
      ok: statuses.filter((status) => status === 200).length,
      burstSize,
    };
  } finally {
    await server.stop();
  }
}
