import { McpAuthError } from '../errors/mcp-auth.errors.js';

/**
 * Why a DPoP proof (RFC 9449 §4.3) was refused. Logged and exposed on the error; never sent to
 * the client, which gets a generic `invalid_dpop_proof` challenge (RFC 9449 §7.1).
 */
export type InvalidDpopProofReason =
  | 'missing_proof'
  | 'multiple_proofs'
  | 'malformed'
  | 'wrong_type'
  | 'algorithm_not_allowed'
  | 'bad_key'
  | 'bad_signature'
  | 'missing_claims'
  | 'wrong_method'
  | 'wrong_url'
  | 'stale'
  | 'issued_in_future'
  | 'wrong_token_hash'
  | 'wrong_key'
  | 'missing_content_digest'
  | 'wrong_content_digest'
  | 'body_unavailable'
  | 'replayed'
  | 'replay_quota_key'
  | 'replay_quota_identity'
  | 'nonce_required';

/** A DPoP proof failed a check (401 with a `DPoP` challenge, `error="invalid_dpop_proof"`). */
export class InvalidDpopProofError extends McpAuthError {
  constructor(
    /** Machine-readable reason; safe to log, never sent to the client. */
    readonly reason: InvalidDpopProofReason,
  ) {
    super(`Invalid DPoP proof: ${reason}`);
  }
}
