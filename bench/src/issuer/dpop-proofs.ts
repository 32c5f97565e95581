import {
  createHash,
  generateKeyPairSync,
  randomUUID,
  sign,
  type KeyObject,
} from 'node:crypto';
import type { TokenSource } from './token-source.js';

/** The client's DPoP key of the bench (ES256), with the `cnf.jkt` its tokens are bound to. */
export interface BenchDpopKey {
  readonly privateKey: KeyObject;
  readonly jkt: string;
  /** Encoded protected header `{ typ: dpop+jwt, alg: ES256, jwk }`, the same on every proof. */
  readonly header: string;
}

/** A fresh P-256 key and its RFC 7638 thumbprint. */
export function generateBenchDpopKey(): BenchDpopKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });
  const { crv, kty, x, y } = publicKey.export({ format: 'jwk' });
  const jkt = createHash('sha256')
    .update(JSON.stringify({ crv, kty, x, y }))
    .digest('base64url');
  const header = Buffer.from(
    JSON.stringify({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty, crv, x, y } }),
  ).toString('base64url');
  return { privateKey, jkt, header };
}

/**
 * Bound tokens cycled (the warm case), each request with a fresh proof for its token: `jti`,
 * `htm`, `htu`, `iat`, `ath` and the MCP DPoP profile's `content_digest` of the request body.
 * Proofs are signed ahead (`refill`, before each round of requests), since each is single-use and
 * a load generator's request hook cannot wait; `proof()` hands the one for the token just taken.
 */
export class DpopProofSource implements TokenSource {
  private taking = 0;
  private pending: string[] = [];
  private current: string | undefined;
  private readonly digest: string;
  private readonly hashes: readonly string[];

  constructor(
    private readonly key: BenchDpopKey,
    private readonly tokens: readonly string[],
    private readonly htu: string,
    body: string,
  ) {
    this.digest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
    this.hashes = tokens.map((token) =>
      createHash('sha256').update(token).digest('base64url'),
    );
  }

  get taken(): number {
    return this.taking;
  }

  get reused(): boolean {
    return false;
  }

  take(): string {
    const index = this.taking++ % this.tokens.length;
    this.current = this.pending.shift() ?? this.sign(index);
    return this.tokens[index];
  }

  /** The proof for the token `take()` returned last. */
  proof(): string {
    return this.current as string;
  }

  /** Signs the proofs of the next `count` requests now (they stay fresh for the proof window). */
  refill(count: number): void {
    this.pending = Array.from({ length: count }, (_, i) =>
      this.sign((this.taking + i) % this.tokens.length),
    );
  }

  private sign(index: number): string {
    const payload = Buffer.from(
      JSON.stringify({
        jti: randomUUID(),
        htm: 'POST',
        htu: this.htu,
        iat: Math.floor(Date.now() / 1000),
        ath: this.hashes[index],
        content_digest: this.digest,
      }),
    ).toString('base64url');
    const input = `${this.key.header}.${payload}`;
    const signature = sign('sha256', Buffer.from(input), {
      key: this.key.privateKey,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64url');
    return `${input}.${signature}`;
  }
}
