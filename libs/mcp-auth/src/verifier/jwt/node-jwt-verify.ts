import type { CryptoKey, JWTPayload } from 'jose';
import { InvalidTokenError } from '../../errors/mcp-auth.errors.js';
import { claimsProblem, type ClaimsCheckOptions } from './claims-checks.js';
import type { CompactJwt } from './compact-jwt.js';
import { verifyWithNodeCrypto } from './node-signature.js';

/** A JWT whose signature and claims passed, with the key that verified it. */
export interface VerifiedJwt {
  readonly payload: JWTPayload;
  readonly key: CryptoKey;
}

/**
 * The fast path of `jwtVerify`: the signature checked by `node:crypto` on keys imported once, then
 * jose's claims checks (`claimsProblem`). Same outcome as jose for every token it takes (a
 * differential property test holds it to that); returns `undefined` for those it does not — a
 * `crit` or `b64` header, an algorithm or key that `verifyWithNodeCrypto` does not handle — which
 * the caller verifies with jose. The header must have passed `headerProblem` (so `alg` is allowed);
 * keys are looked up only then. Throws `InvalidTokenError` for a refused token.
 */
export async function verifyJwtWithNodeCrypto(
  { header, payload, signingInput, signature }: CompactJwt,
  keysFor: () => Promise<readonly CryptoKey[]>,
  options: ClaimsCheckOptions,
): Promise<VerifiedJwt | undefined> {
  if (header.crit !== undefined || header.b64 !== undefined) return undefined;
  const refuse = (reason: InvalidTokenError['reason']): never => {
    throw new InvalidTokenError(reason, options.issuer);
  };
  for (const key of await keysFor()) {
    const verifying = verifyWithNodeCrypto(
      header.alg!,
      key,
      signingInput,
      signature,
    );
    if (verifying === undefined) return undefined;
    if (!(await verifying)) continue;
    const problem = claimsProblem(payload, options);
    if (problem) refuse(problem);
    return { payload, key };
  }
  return refuse('bad_signature');
}
