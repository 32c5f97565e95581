import type { JWTPayload } from 'jose';

/**
 * The verified identity behind a bearer access token: a JWT, an opaque token (its RFC 7662
 * introspection answer), or a credential accepted by a verifier of your own.
 */
export interface ResourceOwner {
  /** `sub`: the user (or service) the token was issued for. */
  readonly subject: string;
  /** `iss`: the trusted authorization server that issued it (a verifier of your own: its name). */
  readonly issuer: string;
  /** `client_id`, else `azp`: the OAuth client that obtained it. */
  readonly clientId: string | undefined;
  /** Granted scopes, from `scope` (space-separated) or `scp` (array or string). */
  readonly scopes: readonly string[];
  /** `aud` as an array. */
  readonly audience: readonly string[];
  /** `exp` in seconds since the epoch. */
  readonly expiresAt: number;
  /** Every claim of the verified token (an opaque token: the members of its introspection answer). */
  readonly claims: Readonly<JWTPayload>;
  /** The raw access token, e.g. for token exchange. Never log it. */
  readonly token: string;
}
