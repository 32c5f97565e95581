import { InvalidTokenError } from '../../errors/mcp-auth.errors.js';

/**
 * Thrown by a verifier of your own for a credential it recognises and refuses (revoked, expired,
 * wrong secret): 401 `invalid_token`. `detail` is written to the rejection log; never put the
 * credential in it.
 *
 * @publicApi
 */
export class CredentialRefusedError extends InvalidTokenError {
  constructor(
    /** A short, log-safe reason, e.g. `revoked`. */
    readonly detail: string = 'refused',
    verifier?: string,
  ) {
    super('refused_by_verifier', verifier);
  }
}
