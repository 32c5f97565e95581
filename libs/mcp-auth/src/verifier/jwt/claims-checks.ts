import type { JWTPayload, JWTVerifyOptions } from 'jose';
import type { InvalidTokenReason } from '../../errors/invalid-token-reason.js';

/**
 * The subset of jose's `JWTVerifyOptions` this verifier sets: durations in seconds (numbers),
 * one issuer, an array of audiences (`currentDate` only in tests).
 */
export interface ClaimsCheckOptions extends JWTVerifyOptions {
  readonly issuer: string;
  readonly audience: string[];
  readonly clockTolerance: number;
  readonly maxTokenAge?: number;
  readonly requiredClaims: string[];
}

/**
 * The JWT claims checks of jose's `jwtVerify` (same order, same outcome as `reasonFromJoseError`
 * gives for jose's errors), for claims whose signature was verified without jose. Returns why
 * the token is refused, or `undefined` when the claims pass. Two of jose's checks are left to
 * `token-rules.ts`, which applies them to every token on both paths: `typ` (never passed to jose)
 * and an `iat` in the future.
 */
export function claimsProblem(
  claims: JWTPayload,
  options: ClaimsCheckOptions,
): InvalidTokenReason | undefined {
  const { maxTokenAge, clockTolerance: tolerance, currentDate } = options;
  const now = Math.floor((currentDate?.getTime() ?? Date.now()) / 1000);
  const required = [...options.requiredClaims];
  if (maxTokenAge !== undefined) required.push('iat');
  required.push('aud', 'iss');
  for (const claim of new Set(required.reverse())) {
    if (!Object.hasOwn(claims, claim)) return MISSING[claim] ?? 'bad_claims';
  }
  if (claims.iss !== options.issuer) return 'untrusted_issuer';
  if (!hasAudience(claims.aud, options.audience)) return 'wrong_audience';
  const { iat, nbf, exp } = claims;
  if (iat !== undefined && typeof iat !== 'number') return 'bad_claims';
  if (nbf !== undefined && typeof nbf !== 'number') return 'bad_claims';
  if (nbf !== undefined && nbf > now + tolerance) return 'not_yet_valid';
  if (exp !== undefined && typeof exp !== 'number') return 'bad_claims';
  if (exp !== undefined && exp <= now - tolerance) return 'expired';
  if (
    maxTokenAge !== undefined &&
    now - (iat as number) - tolerance > maxTokenAge
  ) {
    return 'too_old';
  }
  return undefined;
}

/** The reason jose's error for a missing claim maps to. */
const MISSING: Readonly<Record<string, InvalidTokenReason>> = {
  aud: 'wrong_audience',
  iss: 'untrusted_issuer',
  sub: 'missing_subject',
};

function hasAudience(aud: unknown, accepted: readonly string[]): boolean {
  if (typeof aud === 'string') return accepted.includes(aud);
  return (
    Array.isArray(aud) && accepted.some((audience) => aud.includes(audience))
  );
}
