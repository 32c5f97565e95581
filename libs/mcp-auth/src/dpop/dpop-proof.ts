import {
  calculateJwkThumbprint,
  EmbeddedJWK,
  errors,
  jwtVerify,
  type JWK,
  type JWTPayload,
} from 'jose';
import { InvalidTokenError } from '../errors/mcp-auth.errors.js';
import { parseCompactJwt } from '../verifier/jwt/compact-jwt.js';
import { accessTokenHash, contentDigestOf } from './content-digest.js';
import type { DpopReplayCache } from './dpop-replay-cache.js';
import {
  InvalidDpopProofError,
  type InvalidDpopProofReason,
} from './invalid-dpop-proof.error.js';

/** JWK members that only a private (or symmetric) key has (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** What a proof is checked against: the request it came with and the token it is bound to. */
export interface DpopProofContext {
  /** The `DPoP` header's value: the proof JWT. */
  readonly proof: string;
  /** The request method (`htm`). */
  readonly method: string;
  /** The public URL of the endpoint (`htu`), without query or fragment. */
  readonly url: string;
  /** The access token presented with the proof (`ath`). */
  readonly accessToken: string;
  /** The token's `cnf.jkt`: the RFC 7638 thumbprint of the key the proof must be signed with. */
  readonly jkt: string;
  /** The exact request body bytes, to check `content_digest` against; absent for no body. */
  readonly body?: Uint8Array;
}

/** How proofs are checked; from the module options. */
export interface DpopProofRules {
  /** Asymmetric JWS algorithms a proof may use (RFC 9449 §4.3 step 5). */
  readonly algorithms: readonly string[];
  /** Largest distance in seconds between the proof's `iat` and now, either way (RFC 9449 §11.1). */
  readonly iatWindowSeconds: number;
  /** Refuse a proof without `content_digest` (the MCP DPoP profile's strict form). */
  readonly requireContentDigest: boolean;
  /** Remembers used `jti` values, so a proof is accepted once on this process. */
  readonly replay: DpopReplayCache;
  /** When set, the proof's `nonce` must satisfy it (RFC 9449 §9); else `nonce_required`. */
  readonly acceptsNonce?: (nonce: unknown) => boolean;
  /** Clock in epoch ms (tests). */
  readonly now?: () => number;
}

/**
 * Checks a DPoP proof as RFC 9449 §4.3 and §7.1 ask of a resource server, plus the MCP DPoP
 * profile's optional `content_digest` (RFC 9530 form, over the exact body bytes): `typ`
 * `dpop+jwt`, an allowed asymmetric `alg`, a public `jwk` whose thumbprint is the token's
 * `cnf.jkt`, the signature, `htm`, `htu`, `iat` within the window, `ath`, a `jti` not seen before
 * and, when required, the server's nonce. Throws `InvalidDpopProofError` naming the failed check.
 */
export async function verifyDpopProof(
  context: DpopProofContext,
  rules: DpopProofRules,
): Promise<void> {
  const refuse = (reason: InvalidDpopProofReason): never => {
    throw new InvalidDpopProofError(reason);
  };
  let header: Record<string, unknown>;
  try {
    header = parseCompactJwt(context.proof).header as Record<string, unknown>;
  } catch (error) {
    if (error instanceof InvalidTokenError) refuse('malformed');
    throw error;
  }
  if (
    typeof header.typ !== 'string' ||
    header.typ.toLowerCase() !== 'dpop+jwt'
  ) {
    refuse('wrong_type');
  }
  if (
    typeof header.alg !== 'string' ||
    !rules.algorithms.includes(header.alg)
  ) {
    refuse('algorithm_not_allowed');
  }
  const jwk = publicJwkOf(header.jwk) ?? refuse('bad_key');
  const claims = await verifiedClaims(context.proof, rules.algorithms);
  const now = rules.now?.() ?? Date.now();
  checkClaims(claims, context, rules, now, refuse);
  if ((await calculateJwkThumbprint(jwk, 'sha256')) !== context.jkt) {
    refuse('wrong_key');
  }
  if (rules.acceptsNonce && !rules.acceptsNonce(claims.nonce)) {
    refuse('nonce_required');
  }
  const until = ((claims.iat as number) + rules.iatWindowSeconds) * 1000;
  if (!rules.replay.use(`${context.jkt}:${claims.jti as string}`, until)) {
    refuse('replayed');
  }
}

/** The proof's payload once its signature verified with its own `jwk` (jose's `EmbeddedJWK`). */
async function verifiedClaims(
  proof: string,
  algorithms: readonly string[],
): Promise<JWTPayload> {
  try {
    return (
      await jwtVerify(proof, EmbeddedJWK, {
        typ: 'dpop+jwt',
        algorithms: [...algorithms],
      })
    ).payload;
  } catch (error) {
    // jose checks the claim types it knows (`iat` a number) as it verifies; a key it cannot use
    // for `alg` is a bad `jwk`.
    throw new InvalidDpopProofError(
      error instanceof errors.JWTClaimValidationFailed
        ? 'missing_claims'
        : error instanceof errors.JWSSignatureVerificationFailed
          ? 'bad_signature'
          : 'bad_key',
    );
  }
}

function checkClaims(
  claims: JWTPayload,
  context: DpopProofContext,
  rules: DpopProofRules,
  nowMs: number,
  refuse: (reason: InvalidDpopProofReason) => never,
): void {
  const { jti, htm, htu, iat, ath } = claims;
  if (
    typeof jti !== 'string' ||
    jti.length === 0 ||
    typeof htm !== 'string' ||
    typeof htu !== 'string' ||
    typeof iat !== 'number' ||
    !Number.isFinite(iat)
  ) {
    refuse('missing_claims');
  }
  if (htm !== context.method) refuse('wrong_method');
  if (!sameHttpUri(htu as string, context.url)) refuse('wrong_url');
  const offset = (iat as number) - nowMs / 1000;
  if (offset < -rules.iatWindowSeconds) refuse('stale');
  if (offset > rules.iatWindowSeconds) refuse('issued_in_future');
  if (ath !== accessTokenHash(context.accessToken)) refuse('wrong_token_hash');
  const digest = claims.content_digest;
  if (digest === undefined) {
    if (rules.requireContentDigest) refuse('missing_content_digest');
  } else if (digest !== contentDigestOf(context.body ?? new Uint8Array())) {
    refuse('wrong_content_digest');
  }
}

/** The `jwk` header when it is a public key JWK (RFC 9449 §4.3 step 7), else `undefined`. */
function publicJwkOf(value: unknown): JWK | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const jwk = value as JWK;
  if (!['RSA', 'EC', 'OKP'].includes(jwk.kty as string)) return undefined;
  return PRIVATE_MEMBERS.some((member) => member in jwk) ? undefined : jwk;
}

/**
 * RFC 9449 §4.3 step 9: `htu` names the request's URI, query and fragment ignored, after the
 * syntax- and scheme-based normalisation of RFC 3986 §6.2.2–6.2.3 (case of scheme and host,
 * default port, percent-encoding, dot segments), which the WHATWG URL parser applies.
 */
function sameHttpUri(htu: string, expected: string): boolean {
  const given = URL.parse(htu);
  const wanted = URL.parse(expected);
  return (
    given !== null &&
    wanted !== null &&
    (given.protocol === 'https:' || given.protocol === 'http:') &&
    given.origin === wanted.origin &&
    given.pathname === wanted.pathname
  );
}
