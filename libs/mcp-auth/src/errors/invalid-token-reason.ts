/**
 * Why a presented token was refused. Logged and exposed on `InvalidTokenError.reason`;
 * never sent to the client (the challenge carries a fixed, generic description).
 */
export type InvalidTokenReason =
  | 'malformed'
  | 'too_large'
  | 'untrusted_issuer'
  | 'algorithm_not_allowed'
  | 'unknown_key'
  | 'bad_signature'
  | 'wrong_audience'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'too_old'
  | 'bad_claims'
  | 'missing_subject'
  | 'wrong_type'
  | 'id_token'
  // Credentials other than JWTs: RFC 7662 introspection and verifiers of your own.
  | 'inactive'
  | 'unrecognised'
  | 'refused_by_verifier';
