import { randomUUID, sign } from 'node:crypto';
import { mintInWorker } from './mint-in-worker.js';
import type { BenchSigningKey } from './signing-key.js';

/** Mints RS256 access tokens with `node:crypto` directly (several times faster than jose). */
export interface TokenMinter {
  /** One token for `subject`, valid for an hour; `claims` added (e.g. `cnf` of a bound token). */
  mint(subject: string, claims?: Record<string, unknown>): string;
  /** `count` tokens with distinct subjects `<prefix>-<i>` (and distinct `jti`). */
  mintMany(count: number, prefix: string): string[];
  /** `mintMany` in a worker thread, leaving this thread free meanwhile. */
  mintManyInWorker(count: number, prefix: string): Promise<string[]>;
}

const base64url = (value: object) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** A minter for tokens of `issuer`, audience `audience`, signed with `key`. */
export function tokenMinter(
  key: BenchSigningKey,
  issuer: string,
  audience: string,
): TokenMinter {
  const header = base64url({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' });
  const mint = (subject: string, claims: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const payload = base64url({
      iss: issuer,
      aud: audience,
      sub: subject,
      client_id: 'bench-client',
      iat: now,
      exp: now + 3600,
      jti: randomUUID(),
      ...claims,
    });
    const signingInput = `${header}.${payload}`;
    const signature = sign(
      'sha256',
      Buffer.from(signingInput),
      key.privateKey,
    ).toString('base64url');
    return `${signingInput}.${signature}`;
  };
  return {
    mint,
    mintMany: (count, prefix) =>
      Array.from({ length: count }, (_, i) => mint(`${prefix}-${i}`)),
    mintManyInWorker: (count, prefix) =>
      mintInWorker({ key, issuer, audience: audience, count, prefix }),
  };
}
