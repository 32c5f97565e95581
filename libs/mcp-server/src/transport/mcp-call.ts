import type { AuthInfo } from '@modelcontextprotocol/server';
import { toMcpAuthInfo, type ResourceOwner } from '@nest-mcp/auth';

/**
 * One MCP call as the endpoint authenticated it, built once per HTTP request: the tool handlers of
 * that request close over it (Nest's `@Req()`, `@ResourceOwner()`, guards read `request`).
 */
export interface McpCall {
  /** The HTTP request that carried the call. */
  readonly request: object;
  /** Its verified owner; `undefined` on a server without `McpAuthModule`. */
  readonly owner: ResourceOwner | undefined;
  /** The owner as the SDK's `AuthInfo` (`ctx.http.authInfo` inside tools). */
  readonly authInfo: AuthInfo | undefined;
}

/** The SDK's `AuthInfo` for a verified owner of a token for `resource`. */
export function authInfoOf(
  owner: ResourceOwner,
  resource: URL,
  resourceMetadataUrl: string,
): AuthInfo {
  return toMcpAuthInfo(owner, { resource, metadataUrl: resourceMetadataUrl });
}
