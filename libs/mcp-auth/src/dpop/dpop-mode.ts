import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';

/**
 * How DPoP (RFC 9449) is treated: `required` accepts only DPoP-bound tokens presented with the
 * `DPoP` scheme and a proof; `allowed` accepts those and plain bearer tokens; `off` accepts bearer
 * tokens only. In every mode a DPoP-bound token (`cnf.jkt`) is refused without its proof.
 */
export type DpopMode = 'required' | 'allowed' | 'off';

/** The modes, as written in options and `MCP_AUTH_DPOP`. */
export const DPOP_MODES: readonly DpopMode[] = ['required', 'allowed', 'off'];

/** Checks a DPoP mode option; `fallback` when not given. */
export function dpopModeOption(
  option: string,
  value: unknown,
  fallback: DpopMode,
): DpopMode;
export function dpopModeOption(
  option: string,
  value: unknown,
  fallback?: DpopMode,
): DpopMode | undefined;
export function dpopModeOption(
  option: string,
  value: unknown,
  fallback?: DpopMode,
): DpopMode | undefined {
  if (value === undefined) return fallback;
  if (!DPOP_MODES.includes(value as DpopMode)) {
    throw new McpAuthConfigError(
      option,
      `must be one of ${DPOP_MODES.map((mode) => `"${mode}"`).join(', ')}`,
    );
  }
  return value as DpopMode;
}
