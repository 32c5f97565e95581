import { InvalidTokenError } from '../../errors/mcp-auth.errors.js';
import type { ResourceOwner } from '../resource-owner.interface.js';
import type { VerifiedCredential } from './credential-verifier.interface.js';

/** Latest NumericDate (9999-12-31T23:59:59Z): the expiry of a credential that has none. */
const NO_EXPIRY = 253_402_300_799;

/**
 * The `ResourceOwner` of a credential a verifier of your own accepted, after the checks a JWT's
 * owner gets: a non-empty subject, scopes as an array of strings, and an expiry not passed (with
 * the clock tolerance). A verifier that answers anything else refuses (`bad_claims`).
 */
export function ownCredentialOwner(
  verified: VerifiedCredential,
  verifier: string,
  resource: string,
  token: string,
  clockToleranceSeconds: number,
): ResourceOwner {
  const { subject, scopes, clientId, expiresAt = NO_EXPIRY } = verified;
  if (typeof subject !== 'string' || subject === '')
    throw new InvalidTokenError('missing_subject', verifier);
  if (
    !Array.isArray(scopes) ||
    !scopes.every((s) => typeof s === 'string') ||
    (clientId !== undefined && typeof clientId !== 'string') ||
    typeof expiresAt !== 'number'
  )
    throw new InvalidTokenError('bad_claims', verifier);
  if (expiresAt <= Date.now() / 1000 - clockToleranceSeconds)
    throw new InvalidTokenError('expired', verifier);
  return Object.freeze({
    subject,
    issuer: verifier,
    clientId,
    scopes: Object.freeze(scopes.filter((s) => s.length > 0)),
    audience: Object.freeze([resource]),
    expiresAt,
    claims: Object.freeze({ sub: subject, ...verified.claims }),
    token,
  });
}
