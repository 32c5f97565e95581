import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import type { DpopMode } from './dpop-mode.js';

/**
 * The DPoP modes in force: the module's `dpop` and each issuer's own. Decides which schemes the
 * `Authorization` header may use and what the metadata and the challenges advertise.
 */
export class DpopPolicy {
  /** Some issuer's tokens may be plain bearer tokens. */
  readonly acceptsBearer: boolean;
  /** Some issuer's tokens may be presented with the `DPoP` scheme. */
  readonly acceptsDpop: boolean;
  /** Every issuer requires DPoP-bound tokens (RFC 9728 `dpop_bound_access_tokens_required`). */
  readonly alwaysRequired: boolean;
  private readonly modes: ReadonlyMap<string, DpopMode>;

  constructor(options: ResolvedMcpAuthOptions) {
    this.modes = new Map(
      options.authorizationServers.map((server) => [
        server.issuer,
        server.dpop ?? options.dpop,
      ]),
    );
    const modes = [...this.modes.values()];
    this.acceptsBearer = modes.some((mode) => mode !== 'required');
    this.acceptsDpop = modes.some((mode) => mode !== 'off');
    this.alwaysRequired = modes.every((mode) => mode === 'required');
  }

  /** The DPoP mode of `issuer`'s tokens. */
  modeOf(issuer: string): DpopMode {
    return this.modes.get(issuer) ?? 'allowed';
  }
}
