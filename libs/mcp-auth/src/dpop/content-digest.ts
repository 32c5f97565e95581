import { hash } from 'node:crypto';

/**
 * The RFC 9530 `Content-Digest` form of a body's SHA-256, `sha-256=:<base64>:`: the value the MCP
 * DPoP profile's `content_digest` claim binds a proof to, computed over the exact bytes received.
 */
export function contentDigestOf(body: Uint8Array): string {
  return `sha-256=:${hash('sha256', body, 'base64')}:`;
}

/** RFC 9449 §4.2 `ath`: base64url of the SHA-256 of the access token's ASCII bytes. */
export function accessTokenHash(accessToken: string): string {
  return hash('sha256', accessToken, 'base64url');
}
