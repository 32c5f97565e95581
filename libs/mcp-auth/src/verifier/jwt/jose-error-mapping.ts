import { errors } from 'jose';
import type { InvalidTokenReason } from '../../errors/invalid-token-reason.js';

const CLAIM_REASONS: Readonly<Record<string, InvalidTokenReason>> = {
  aud: 'wrong_audience',
  iss: 'untrusted_issuer',
  nbf: 'not_yet_valid',
  sub: 'missing_subject',
  typ: 'wrong_type',
};

/** Maps an error thrown by jose's `jwtVerify` to the reason a token is refused. */
export function reasonFromJoseError(error: unknown): InvalidTokenReason {
  if (error instanceof errors.JWTExpired) {
    return error.claim === 'iat' ? 'too_old' : 'expired';
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iat') {
      return error.reason === 'check_failed'
        ? 'issued_in_future'
        : 'bad_claims';
    }
    if (error.reason === 'invalid') return 'bad_claims';
    return CLAIM_REASONS[error.claim] ?? 'bad_claims';
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm_not_allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'bad_signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown_key';
  return 'malformed';
}
