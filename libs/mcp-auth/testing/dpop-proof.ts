import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';
import { createHash, randomUUID } from 'node:crypto';

/** A client's DPoP key pair (RFC 9449 §2) with its public JWK and RFC 7638 thumbprint (`jkt`). */
export interface DpopKey {
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  /** The value an authorization server puts in `cnf.jkt` of tokens bound to this key. */
  readonly jkt: string;
}

/** What `createDpopProof` signs; every claim and header parameter can be overridden or removed. */
export interface DpopProofOptions {
  readonly key: DpopKey;
  /** `htm`, e.g. `POST`. */
  readonly method: string;
  /** `htu`: the endpoint URL (query and fragment are left out). */
  readonly url: string;
  /** The access token the proof goes with (`ath`). */
  readonly accessToken: string;
  /** The exact request body: adds the MCP DPoP profile's `content_digest` claim. */
  readonly body?: string | Uint8Array;
  /** Server nonce (RFC 9449 §8). */
  readonly nonce?: string;
  /** Seconds from now for `iat` (default 0). */
  readonly iatOffsetSeconds?: number;
  /** Extra or overriding claims; a claim set to `undefined` is left out. */
  readonly claims?: Record<string, unknown>;
  /** Extra or overriding protected-header parameters; `undefined` removes one. */
  readonly header?: Record<string, unknown>;
}

/** Generates a DPoP key pair for `alg` (default ES256). */
export async function generateDpopKey(alg = 'ES256'): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
  });
  const publicJwk = await exportJWK(publicKey);
  const jkt = await calculateJwkThumbprint(publicJwk, 'sha256');
  return Object.freeze({ alg, privateKey, publicJwk, jkt });
}

/**
 * Signs a DPoP proof JWT (RFC 9449 §4.2) for one request: `typ: dpop+jwt`, `alg`, the public
 * `jwk`; `jti`, `htm`, `htu`, `iat`, `ath` and, with `body`, `content_digest`. Put it in the
 * `DPoP` header next to `Authorization: DPoP <token>`.
 */
export async function createDpopProof(
  options: DpopProofOptions,
): Promise<string> {
  const { key } = options;
  const url = new URL(options.url);
  const claims = withoutUndefined({
    jti: randomUUID(),
    htm: options.method,
    htu: `${url.origin}${url.pathname}`,
    iat: Math.floor(Date.now() / 1000) + (options.iatOffsetSeconds ?? 0),
    ath: createHash('sha256').update(options.accessToken).digest('base64url'),
    nonce: options.nonce,
    content_digest:
      options.body === undefined
        ? undefined
        : `sha-256=:${createHash('sha256').update(options.body).digest('base64')}:`,
    ...options.claims,
  });
  const header = withoutUndefined({
    typ: 'dpop+jwt',
    alg: key.alg,
    jwk: key.publicJwk,
    ...options.header,
  });
  return new SignJWT(claims)
    .setProtectedHeader(header as { alg: string })
    .sign(key.privateKey);
}

function withoutUndefined(
  record: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  );
}
