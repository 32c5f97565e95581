/**
 * `@nest-mcp/auth/testing`: keys, token minting (bearer or DPoP-bound), DPoP proofs and a local
 * issuer for your own e2e tests.
 */
export { generateSigningKey, type TestSigningKey } from './test-keys.js';
export { mintAccessToken, type MintOptions } from './mint-access-token.js';
export {
  startTestIssuer,
  type TestIssuer,
  type TestIssuerOptions,
} from './test-issuer.js';
export {
  createDpopProof,
  generateDpopKey,
  type DpopKey,
  type DpopProofOptions,
} from './dpop-proof.js';
