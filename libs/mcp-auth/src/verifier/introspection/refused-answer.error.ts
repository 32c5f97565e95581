import type { JWTPayload } from 'jose';
import type { InvalidTokenReason } from '../../errors/invalid-token-reason.js';
import { InvalidTokenError } from '../../errors/mcp-auth.errors.js';

/**
 * An opaque token refused on its introspection answer: `answer` holds the answer's members, which
 * the rejection log reads through the same allowlist as a JWT's claims (never sent to the client).
 */
export class RefusedAnswerError extends InvalidTokenError {
  constructor(
    reason: InvalidTokenReason,
    issuer: string | undefined,
    readonly answer: Readonly<JWTPayload>,
  ) {
    super(reason, issuer);
  }
}
