import type { JWTPayload } from 'jose';

/** The verified identity behind a bearer access token. */
export interface ResourceOwner {
  /** `sub`: the user (or service) the token was issued for. */
  readonly subject: string;
  /** `iss`: the trusted authorization server that issued it. */
  readonly issuer: string;
  /** `client_id`, else `azp`: the OAuth client that obtained it. */
  readonly clientId: string | undefined;
  /** Granted scopes, from `scope` (space-separated) or `scp` (array or string). */
  readonly scopes: readonly string[];
  /** `aud` as an array. */
  readonly audience: readonly string[];
  /** `exp` in seconds since the epoch. */
  readonly expiresAt: number;
  /** Every claim of the verified token. */
  readonly claims: Readonly<JWTPayload>;
  /** The raw access token, e.g. for token exchange. Never log it. */
  readonly token: string;
}
