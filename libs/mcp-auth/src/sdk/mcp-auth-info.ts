import type { ResourceOwner } from '../verifier/resource-owner.interface.js';

/**
 * A verified owner in the shape of the MCP SDK's `AuthInfo` (`@modelcontextprotocol/server`), which
 * `createMcpHandler` hands its factory and tools as `ctx.http.authInfo`, and which the SDK's
 * per-tool `scopeChallenge` (`requireScopes()`) reads. Declared here so this package needs no SDK.
 */
export interface McpAuthInfo {
  /** The access token. Never log it. */
  token: string;
  /** `client_id` (else `azp`); `''` when the token names none. */
  clientId: string;
  /** The granted scopes. */
  scopes: string[];
  /** `exp`, in seconds since the epoch. */
  expiresAt: number;
  /** The canonical resource URL (RFC 8707) the token was verified for. */
  resource: URL;
  /** The protected resource metadata URL (RFC 9728 §3), named in the SDK's scope challenges. */
  resourceMetadataUrl: string;
  /** `subject`, `issuer` and every verified `claims` of the owner. */
  extra: {
    subject: string;
    issuer: string;
    claims: ResourceOwner['claims'];
  };
}

/** Where a token was verified: `McpAuthPort` (its `resource` and `metadataUrl`) fits. */
export interface McpAuthResource {
  /** The canonical resource URL (RFC 8707). */
  readonly resource: string | URL;
  /** The protected resource metadata URL (RFC 9728 §3). */
  readonly metadataUrl: string;
}

/**
 * The MCP SDK's `AuthInfo` for a verified `owner` of a token for `where` (e.g. `McpAuthPort`):
 * `toNodeHandler(handler)(Object.assign(req, { auth: toMcpAuthInfo(owner, port) }), res, req.body)`.
 *
 * @publicApi
 */
export function toMcpAuthInfo(
  owner: ResourceOwner,
  where: McpAuthResource,
): McpAuthInfo {
  return {
    token: owner.token,
    clientId: owner.clientId ?? '',
    scopes: [...owner.scopes],
    expiresAt: owner.expiresAt,
    resource:
      typeof where.resource === 'string'
        ? new URL(where.resource)
        : where.resource,
    resourceMetadataUrl: where.metadataUrl,
    extra: {
      subject: owner.subject,
      issuer: owner.issuer,
      claims: owner.claims,
    },
  };
}
