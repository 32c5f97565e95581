import { InvalidTokenError } from '../errors/mcp-auth.errors.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import { CredentialRefusedError } from './custom/credential-refused.error.js';
import type { CredentialVerifiers } from './custom/credential-verifiers.explorer.js';
import { ownCredentialOwner } from './custom/own-credential.js';
import { OpaqueTokenVerifier } from './introspection/opaque-token-verifier.js';
import type { CompactJwt } from './jwt/compact-jwt.js';
import type { ResourceOwner } from './resource-owner.interface.js';

/**
 * Every credential that is not a JWT of a trusted issuer, in this order:
 * 1. the verifiers of your own (`@McpCredentialVerifier()`), so that a credential one of them
 *    recognises (an API key) is never sent to an authorization server;
 * 2. RFC 7662 introspection at the issuers configured for it, for tokens that are not shaped like
 *    a JWS (RFC 7515 §7.1) only: a JWT names its issuer, and one whose issuer is not trusted is
 *    never sent to a trusted one;
 * 3. refused: `untrusted_issuer` for a JWT, `unrecognised` for anything else.
 */
export class OtherCredentials {
  /** Opaque tokens by introspection. */
  readonly opaque: OpaqueTokenVerifier;

  constructor(
    private readonly options: ResolvedMcpAuthOptions,
    private readonly own: CredentialVerifiers | undefined,
  ) {
    this.opaque = new OpaqueTokenVerifier(options);
  }

  /** Introspection or a verifier of your own is configured (else only JWTs are accepted). */
  get enabled(): boolean {
    return this.opaque.enabled || (this.own?.list.length ?? 0) > 0;
  }

  /** The owner of `token` (`jwt`: its decoding when shaped like a JWS) by the paths above. */
  async verify(
    token: string,
    jwt: CompactJwt | undefined,
  ): Promise<ResourceOwner> {
    for (const { name, verifier } of this.own?.list ?? []) {
      let verified;
      try {
        verified = await verifier.verify(token);
      } catch (error) {
        // A refusal names the verifier; anything else (503 included) goes on as thrown.
        if (error instanceof CredentialRefusedError && error.issuer !== name)
          throw new CredentialRefusedError(error.detail, name);
        throw error;
      }
      if (verified) {
        return ownCredentialOwner(
          verified,
          name,
          this.options.resource,
          token,
          this.options.clockToleranceSeconds,
        );
      }
    }
    if (jwt) throw new InvalidTokenError('untrusted_issuer');
    if (this.opaque.enabled) return this.opaque.verify(token);
    throw new InvalidTokenError('unrecognised');
  }
}
