import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import type { InvalidTokenReason } from '../../errors/invalid-token-reason.js';

/**
 * The token rules of this library that are not jose's claims checks, in one place: both the
 * node:crypto path and the jose fallback apply them, the header rules before any key is looked up
 * and the claim rules once the signature and jose's checks passed.
 */

/** What the header rules depend on: the issuer's algorithms and `requireJwtAccessTokenType`. */
export interface HeaderRules {
  readonly algorithms: readonly string[];
  readonly requireAtJwt: boolean;
}

/** `typ` values accepted unless `at+jwt` is required (compared case-insensitively, RFC 7515 §4.1.9). */
const DEFAULT_TYPES = new Set([
  'jwt',
  'at+jwt',
  'application/jwt',
  'application/at+jwt',
]);
/** Latest NumericDate accepted (9999-12-31T23:59:59Z). */
const MAX_NUMERIC_DATE = 253_402_300_799;

/**
 * Why the header disqualifies the token, or `undefined`: `alg` outside the issuer's allowlist
 * (RFC 8725 §3.1: never `none`, never HS*), or a `typ` that is not an access token's (RFC 9068
 * §2.1 `at+jwt` when required; else `JWT`/`at+jwt` or none, so OIDC logout tokens and DPoP proofs
 * are refused, RFC 8725 §3.11).
 */
export function headerProblem(
  { alg, typ }: ProtectedHeaderParameters,
  rules: HeaderRules,
): InvalidTokenReason | undefined {
  if (typeof alg !== 'string' || !rules.algorithms.includes(alg)) {
    return 'algorithm_not_allowed';
  }
  if (rules.requireAtJwt) {
    return typeof typ === 'string' && mediaType(typ) === 'application/at+jwt'
      ? undefined
      : 'wrong_type';
  }
  if (
    typ !== undefined &&
    (typeof typ !== 'string' || !DEFAULT_TYPES.has(typ.toLowerCase()))
  ) {
    return 'wrong_type';
  }
  return undefined;
}

/**
 * Why the verified claims still do not make an access token of a resource owner, or `undefined`:
 * time claims that are no NumericDate (RFC 7519 §2), an `iat` in the future beyond the clock
 * tolerance (RFC 7519 §4.1.6), no `sub` (RFC 9068 §2.2).
 */
export function ownerClaimsProblem(
  claims: JWTPayload,
  clockToleranceSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): InvalidTokenReason | undefined {
  const { exp, iat, nbf, sub } = claims;
  // First, as jose orders it when it checks `iat` (with a maximum token age): a token issued in the
  // future is refused as such whatever else is wrong with its time claims.
  if (typeof iat === 'number' && iat > nowSeconds + clockToleranceSeconds) {
    return 'issued_in_future';
  }
  if (!isNumericDate(exp) || (nbf !== undefined && !isNumericDate(nbf))) {
    return 'bad_claims';
  }
  if (iat !== undefined && !isNumericDate(iat)) return 'bad_claims';
  if (typeof sub !== 'string' || sub.length === 0) return 'missing_subject';
  return undefined;
}

/**
 * Claims that only OpenID Connect ID tokens carry (OpenID Connect Core 1.0 §2, §3.1.3.6, §3.3.2.11;
 * FAPI 1.0 Part 2 §5.1 `s_hash`): an access token has no use for them (RFC 9068 §2.2).
 */
const ID_TOKEN_CLAIMS = ['nonce', 'at_hash', 'c_hash', 's_hash'] as const;

/**
 * The ID-token markers `claims` carries: the claims above, and `typ: "ID"` (Keycloak's own token
 * kind claim; its access tokens say `"Bearer"`). Empty for an access token.
 */
export function idTokenMarkers(claims: JWTPayload): string[] {
  const markers: string[] = ID_TOKEN_CLAIMS.filter((claim) =>
    Object.hasOwn(claims, claim),
  );
  if (claims.typ === 'ID') markers.push('typ');
  return markers;
}

/**
 * `id_token` when a JWT presented as an access token is recognisably an OpenID Connect ID token
 * (RFC 8725 §3.11, RFC 9068 §4: an ID token must not be accepted as an access token), whatever
 * its `typ` header says, unless that header is `at+jwt`: RFC 9068 §2.1 types access tokens, so
 * such a token is one by definition. `refuse: false` (an issuer that puts these claims in access
 * tokens) turns the rule off.
 */
export function idTokenProblem(
  { typ }: ProtectedHeaderParameters,
  claims: JWTPayload,
  refuse: boolean,
): InvalidTokenReason | undefined {
  if (!refuse) return undefined;
  if (typeof typ === 'string' && mediaType(typ) === 'application/at+jwt') {
    return undefined;
  }
  return idTokenMarkers(claims).length > 0 ? 'id_token' : undefined;
}

/** RFC 7515 §4.1.9: a `typ` without `/` stands for `application/<typ>`. */
function mediaType(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.includes('/') ? lower : `application/${lower}`;
}

function isNumericDate(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    value <= MAX_NUMERIC_DATE
  );
}
