import { McpAuthError } from '../errors/mcp-auth.errors.js';

/**
 * Why a verified access token was refused for the way it was presented (RFC 9449 §7.1, §7.2).
 * Logged; the client gets a generic `invalid_token` challenge.
 */
export type DpopBindingReason =
  /** A DPoP-bound token (`cnf.jkt`) sent with the `Bearer` scheme (RFC 9449 §7.2). */
  | 'bound_token_as_bearer'
  /** A bearer token from an issuer whose tokens must be DPoP-bound (`dpop: 'required'`). */
  | 'dpop_required'
  /** The `DPoP` scheme with a token that is not bound to a key. */
  | 'not_dpop_bound'
  /** The `DPoP` scheme for an issuer with `dpop: 'off'`. */
  | 'dpop_not_accepted'
  /** A `cnf` binding this server cannot check (e.g. mTLS `x5t#S256`), or a malformed `cnf`. */
  | 'unsupported_binding';

/** A verified token presented in a way its binding or its issuer's DPoP mode refuses (401 `invalid_token`). */
export class DpopBindingError extends McpAuthError {
  constructor(
    /** Machine-readable reason; safe to log, never sent to the client. */
    readonly reason: DpopBindingReason,
    /** The token's (trusted) issuer. */
    readonly issuer: string,
  ) {
    super(`Access token refused: ${reason}`);
  }
}
