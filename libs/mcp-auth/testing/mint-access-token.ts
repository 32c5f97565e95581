import { SignJWT, type JWTHeaderParameters, type JWTPayload } from 'jose';
import type { TestSigningKey } from './test-keys.js';

/** What `mintAccessToken` puts in a token; every claim can be overridden or removed (`undefined`). */
export interface MintOptions {
  issuer: string;
  audience?: string | string[];
  subject?: string;
  scope?: string;
  /** Lifetime in seconds from now (default 300); ignored when `claims.exp` is given. */
  expiresIn?: number;
  /** Extra or overriding claims; a claim set to `undefined` is left out. */
  claims?: Record<string, unknown>;
  /**
   * Binds the token to this DPoP key (RFC 9449 §6.1: `cnf.jkt` is its thumbprint), as an
   * authorization server does for a client that proves a key at its token endpoint.
   */
  dpopKey?: { readonly jkt: string };
  /** Extra or overriding protected-header parameters (default `typ: at+jwt`). */
  header?: Partial<JWTHeaderParameters> & Record<string, unknown>;
}

/**
 * Signs an RFC 9068 access token with `key`: `iss`, `aud`, `sub`, `iat`, `exp`, `jti`, `scope`, and
 * `cnf.jkt` with `dpopKey` (a DPoP-bound token, to present with `createDpopProof`).
 */
export async function mintAccessToken(
  key: TestSigningKey,
  options: MintOptions,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: options.issuer,
    aud: options.audience,
    sub: options.subject ?? 'user-1',
    scope: options.scope,
    client_id: 'test-client',
    iat: now,
    exp: now + (options.expiresIn ?? 300),
    jti: crypto.randomUUID(),
    cnf: options.dpopKey ? { jkt: options.dpopKey.jkt } : undefined,
    ...options.claims,
  };
  const payload = Object.fromEntries(
    Object.entries(claims).filter(([, value]) => value !== undefined),
  ) as JWTPayload;
  const header = Object.fromEntries(
    Object.entries({
      alg: key.alg,
      kid: key.kid,
      typ: 'at+jwt',
      ...options.header,
    }).filter(([, value]) => value !== undefined),
  ) as JWTHeaderParameters;
  return new SignJWT(payload).setProtectedHeader(header).sign(key.privateKey);
}
