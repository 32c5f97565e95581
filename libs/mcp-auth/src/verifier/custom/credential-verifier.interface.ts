/**
 * What a verifier of your own returns for a credential it accepts: the `ResourceOwner` is built
 * from it (`issuer` is the verifier's name, `audience` the resource).
 *
 * @publicApi
 */
export interface VerifiedCredential {
  /** The caller (user, service, CI job) the credential stands for. */
  readonly subject: string;
  /** Scopes granted to it; the same `@RequireScopes()`, hierarchy and list filtering apply. */
  readonly scopes: readonly string[];
  /** The client, when there is one (shown as `clientId`). */
  readonly clientId?: string;
  /** Expiry in seconds since the epoch; default none (9999-12-31). */
  readonly expiresAt?: number;
  /** Facts to expose as `ResourceOwner.claims`; default `{ sub }`. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/**
 * A verifier of your own for credentials no configured issuer claims (API keys presented as
 * `Authorization: Bearer <key>`, internal tokens). Implement it on a provider marked
 * `@McpCredentialVerifier('name')`; the guard asks the verifiers, in the order Nest lists the
 * providers, for every credential that is not a JWT of a trusted issuer, before any introspection.
 *
 * `verify` answers:
 * - a `VerifiedCredential`: accepted;
 * - `null`/`undefined`: not one of its credentials (the next verifier, then introspection, is asked);
 * - throws `CredentialRefusedError`: one of its credentials, refused (401 `invalid_token`);
 * - throws `AuthorizationServerUnavailableError`: cannot decide now (503 with `Retry-After`).
 *
 * Never log the credential; compare secrets in constant time.
 *
 * @publicApi
 */
export interface McpCredentialVerifierPort {
  verify(
    credential: string,
  ):
    | VerifiedCredential
    | null
    | undefined
    | Promise<VerifiedCredential | null | undefined>;
}
