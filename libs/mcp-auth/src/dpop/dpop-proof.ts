import { errors, jwtVerify, type JWTPayload } from 'jose';
import { InvalidTokenError } from '../errors/mcp-auth.errors.js';
import {
  parseCompactJwt,
  type CompactJwt,
} from '../verifier/jwt/compact-jwt.js';
import { verifyWithNodeCryptoSync } from '../verifier/jwt/node-signature.js';
import { accessTokenHash, contentDigestOf } from './content-digest.js';
import type {
  DpopProofUse,
  DpopReplayStore,
  DpopReplayVerdict,
} from './dpop-replay-store.js';
import { DpopReplayStoreFullError } from './dpop-replay-store-full.error.js';
import { DpopReplayUnavailableError } from './dpop-replay-unavailable.error.js';
import {
  InvalidDpopProofError,
  type InvalidDpopProofReason,
} from './invalid-dpop-proof.error.js';
import { ProofKeys, type ProofKey } from './proof-keys.js';

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
  /** `iss` and `sub` of the token: the identity whose replay quota the proof counts against. */
  readonly issuer: string;
  readonly subject: string;
  /**
   * The exact request body bytes (empty for a request without a body), to check `content_digest`
   * against; `undefined` when the application does not keep them: a proof that carries or needs
   * a digest is then refused (`body_unavailable`), never passed unchecked.
   */
  readonly body: Uint8Array | undefined;
}

/** How proofs are checked; from the module options. */
export interface DpopProofRules {
  /** Asymmetric JWS algorithms a proof may use (RFC 9449 §4.3 step 5). */
  readonly algorithms: readonly string[];
  /** Largest distance in seconds between the proof's `iat` and now, either way (RFC 9449 §11.1). */
  readonly iatWindowSeconds: number;
  /** Refuse a proof without `content_digest` (the MCP DPoP profile's strict form). */
  readonly requireContentDigest: boolean;
  /** Remembers used proofs, so a proof is accepted once within its window. */
  readonly replay: DpopReplayStore;
  /** Imported proof keys by header (default: one cache per rules object). */
  readonly keys?: ProofKeys;
  /** When set, the proof's `nonce` must satisfy it (RFC 9449 §9); else `nonce_required`. */
  readonly acceptsNonce?: (nonce: unknown) => boolean;
  /** Clock in epoch ms (tests). */
  readonly now?: () => number;
}

const defaultKeys = new WeakMap<DpopProofRules, ProofKeys>();

/**
 * Checks a DPoP proof as RFC 9449 §4.3 and §7.1 ask of a resource server, plus the MCP DPoP
 * profile's `content_digest` (RFC 9530 form, over the exact body bytes): `typ` `dpop+jwt`, an
 * allowed asymmetric `alg`, a public `jwk` whose thumbprint is the token's `cnf.jkt`, the
 * signature, `htm`, `htu`, `iat` within the window, `ath`, the digest when present (or required),
 * the server's nonce when required, and a `jti` not seen before. Throws (or rejects with)
 * `InvalidDpopProofError` naming the failed check. The key of a proof header is imported once and
 * remembered, so a client's later proofs are checked synchronously (no promise) on `node:crypto`.
 */
export function verifyDpopProof(
  context: DpopProofContext,
  rules: DpopProofRules,
): void | Promise<void> {
  let jwt: CompactJwt;
  try {
    jwt = parseCompactJwt(context.proof);
  } catch (error) {
    if (error instanceof InvalidTokenError) refuse('malformed');
    throw error;
  }
  const header = jwt.header as Record<string, unknown>;
  if (
    typeof header.typ !== 'string' ||
    header.typ.toLowerCase() !== 'dpop+jwt'
  ) {
    refuse('wrong_type');
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || !rules.algorithms.includes(alg)) {
    refuse('algorithm_not_allowed');
  }
  // No extension is understood (RFC 7515 §4.1.11), and proofs are never unencoded (RFC 7797).
  if (header.crit !== undefined || header.b64 !== undefined)
    refuse('malformed');
  const key = keysOf(rules).keyOf(
    context.proof.slice(0, context.proof.indexOf('.')),
    header.jwk,
    alg as string,
  );
  return key instanceof Promise
    ? key.then((imported) => checkWithKey(jwt, imported, context, rules))
    : checkWithKey(jwt, key, context, rules);
}

/** The checks that need the proof's key: binding, signature, claims, nonce, replay. */
function checkWithKey(
  jwt: CompactJwt,
  key: ProofKey | null,
  context: DpopProofContext,
  rules: DpopProofRules,
): void | Promise<void> {
  if (!key) return refuse('bad_key');
  // The bound key first: a proof by any other key is refused before its signature costs anything.
  if (key.jkt !== context.jkt) refuse('wrong_key');
  const alg = jwt.header.alg as string;
  const valid = verifyWithNodeCryptoSync(
    alg,
    key.key,
    jwt.signingInput,
    jwt.signature,
  );
  if (valid === false) refuse('bad_signature');
  if (valid === undefined) {
    return verifyWithJose(context.proof, key, alg).then(() =>
      checkClaimsAndUse(jwt.payload, context, rules),
    );
  }
  return checkClaimsAndUse(jwt.payload, context, rules);
}

function checkClaimsAndUse(
  claims: JWTPayload,
  context: DpopProofContext,
  rules: DpopProofRules,
): void | Promise<void> {
  const now = rules.now?.() ?? Date.now();
  checkClaims(claims, context, rules, now, refuse);
  if (rules.acceptsNonce && !rules.acceptsNonce(claims.nonce)) {
    refuse('nonce_required');
  }
  // RFC 9449 §11.1: the proof passes the `iat` check until `iat` + window; remembered that long.
  const verdict = useOnce(rules.replay, {
    jkt: context.jkt,
    jti: claims.jti as string,
    issuer: context.issuer,
    subject: context.subject,
    until: ((claims.iat as number) + rules.iatWindowSeconds) * 1000,
  });
  // A string at once (the in-memory store); anything else is a store's promise (or thenable).
  if (typeof verdict !== 'string')
    return Promise.resolve(verdict).then(admitUse, storeFailed);
  admitUse(verdict);
}

/** The store's answer; a store that throws cannot rule out a replay (fail closed, 503). */
function useOnce(
  store: DpopReplayStore,
  proof: DpopProofUse,
): ReturnType<DpopReplayStore['use']> {
  try {
    return store.use(proof);
  } catch (error) {
    return storeFailed(error);
  }
}

/** A store error as `DpopReplayUnavailableError` (503 with `Retry-After`), never as an acceptance. */
function storeFailed(error: unknown): never {
  if (error instanceof DpopReplayUnavailableError) throw error;
  throw new DpopReplayUnavailableError(undefined, { cause: error });
}

/**
 * Refuses a proof the replay store did not record as its first use. A full store refuses every
 * caller alike: 503 with the default `Retry-After` (RFC 9449 §11.1), not a proof refusal.
 */
function admitUse(verdict: DpopReplayVerdict): void {
  if (verdict === 'accepted') return;
  if (verdict === 'full') throw new DpopReplayStoreFullError();
  refuse(REPLAY_REFUSALS[verdict]);
}

const REPLAY_REFUSALS = {
  replayed: 'replayed',
  key_over_quota: 'replay_quota_key',
  identity_over_quota: 'replay_quota_identity',
} as const satisfies Record<
  Exclude<DpopReplayVerdict, 'accepted' | 'full'>,
  InvalidDpopProofReason
>;

function refuse(reason: InvalidDpopProofReason): never {
  throw new InvalidDpopProofError(reason);
}

function keysOf(rules: DpopProofRules): ProofKeys {
  if (rules.keys) return rules.keys;
  let keys = defaultKeys.get(rules);
  if (!keys) defaultKeys.set(rules, (keys = new ProofKeys()));
  return keys;
}

/** The signature checked by jose, for the algorithms and keys `node:crypto` does not take here. */
async function verifyWithJose(
  proof: string,
  { key }: ProofKey,
  alg: string,
): Promise<void> {
  try {
    await jwtVerify(proof, key, { algorithms: [alg] });
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
    return;
  }
  if (context.body === undefined) refuse('body_unavailable');
  if (digest !== contentDigestOf(context.body as Uint8Array)) {
    refuse('wrong_content_digest');
  }
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
