import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import { ASYMMETRIC_ALGORITHMS } from '../mcp-auth.constants.js';
import type { AllowedAlgorithm } from '../mcp-auth-options.interface.js';

/** Proof algorithms accepted by default: every asymmetric one the MCP SDK client can sign with. */
export const DEFAULT_DPOP_ALGORITHMS: readonly AllowedAlgorithm[] = [
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'RS256',
  'RS384',
  'RS512',
  'EdDSA',
];

const ALLOWED = new Set<string>(ASYMMETRIC_ALGORITHMS);

/** The `dpopAlgorithms` option: a non-empty list of asymmetric JWS algorithms (RFC 9449 §11.6). */
export function dpopAlgorithmsOption(
  option: string,
  value: unknown,
): readonly AllowedAlgorithm[] {
  if (value === undefined) return DEFAULT_DPOP_ALGORITHMS;
  if (!Array.isArray(value) || value.length === 0) {
    throw new McpAuthConfigError(
      option,
      'must be a non-empty array, e.g. ["ES256", "RS256"]',
    );
  }
  for (const alg of value) {
    if (!ALLOWED.has(alg)) {
      throw new McpAuthConfigError(
        option,
        `"${String(alg)}" is not allowed; DPoP proofs use asymmetric algorithms only: ${ASYMMETRIC_ALGORITHMS.join(', ')}`,
      );
    }
  }
  return Object.freeze([...new Set(value as AllowedAlgorithm[])]);
}
