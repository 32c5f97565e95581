/** The resource URL the MCP test apps are configured with (tokens carry it as `aud`). */
export const TEST_RESOURCE = 'http://127.0.0.1:3000/mcp';

/** Its protected resource metadata URL (RFC 9728 §3.1, path inserted). */
export const TEST_METADATA_URL =
  'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp';

/** The `WWW-Authenticate` of a 403 asking for `scope` (RFC 6750 §3.1, MCP scope step-up). */
export const insufficientScope = (scope: string): string =>
  `Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="${scope}", resource_metadata="${TEST_METADATA_URL}"`;
