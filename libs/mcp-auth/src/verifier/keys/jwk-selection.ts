import type { JWK } from 'jose';

/** Key type (and curves) each asymmetric JWS algorithm needs (RFC 7518 §3, RFC 8037 §3.1). */
const KEY_TYPES: Readonly<Record<string, { kty: string; crv?: string }>> = {
  RS256: { kty: 'RSA' },
  RS384: { kty: 'RSA' },
  RS512: { kty: 'RSA' },
  PS256: { kty: 'RSA' },
  PS384: { kty: 'RSA' },
  PS512: { kty: 'RSA' },
  ES256: { kty: 'EC', crv: 'P-256' },
  ES384: { kty: 'EC', crv: 'P-384' },
  ES512: { kty: 'EC', crv: 'P-521' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
  Ed25519: { kty: 'OKP', crv: 'Ed25519' },
};

/**
 * True when `jwk` may verify a signature made with `alg`: matching `kty` (and `crv`), `use`
 * absent or `sig`, `key_ops` absent or including `verify`, `alg` absent or equal (RFC 7517 §4).
 */
export function canVerify(jwk: Readonly<JWK>, alg: string): boolean {
  const needed = Object.hasOwn(KEY_TYPES, alg) ? KEY_TYPES[alg] : undefined;
  return (
    needed !== undefined &&
    jwk.kty === needed.kty &&
    (needed.crv === undefined || jwk.crv === needed.crv) &&
    (jwk.use === undefined || jwk.use === 'sig') &&
    (jwk.key_ops === undefined ||
      (Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) &&
    (jwk.alg === undefined || jwk.alg === alg)
  );
}

/**
 * The entries whose key may verify a token with header `alg` and `kid`, in JWK Set order:
 * with a `kid`, only keys carrying that exact `kid`; without one, every fitting key (the caller
 * caps how many it tries).
 */
export function selectKeys<T extends { readonly jwk: Readonly<JWK> }>(
  entries: readonly T[],
  alg: string,
  kid: string | undefined,
): T[] {
  return entries.filter(
    ({ jwk }) => (kid === undefined || jwk.kid === kid) && canVerify(jwk, alg),
  );
}
