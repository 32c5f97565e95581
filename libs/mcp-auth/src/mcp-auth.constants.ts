/** Metadata key set by `@RequireScopes()`. */
export const REQUIRED_SCOPES_METADATA = 'mcp-auth:scopes';

/** Metadata key set by `@ResourceEndpoint()`. */
export const RESOURCE_ENDPOINT_METADATA = 'mcp-auth:resource-endpoint';

/** Metadata key set by `@Public()`. */
export const PUBLIC_METADATA = 'mcp-auth:public';

/** Injection token of the validated, normalised options (see `ResolvedMcpAuthOptions`). */
export const MCP_AUTH_RESOLVED_OPTIONS = Symbol('MCP_AUTH_RESOLVED_OPTIONS');

/** Injection token of the metadata paths, once the metadata controller is routed at them. */
export const MCP_AUTH_METADATA_ROUTES = Symbol('MCP_AUTH_METADATA_ROUTES');

/**
 * Marks the `McpAuthModule` class under a global-registry key (`Symbol.for`), the same symbol in
 * every installed copy of `@nest-mcp/auth`: `@nest-mcp/server` recognises by it an `McpAuthModule`
 * of a second copy, whose classes are not its own.
 */
export const MCP_AUTH_MODULE_MARKER = Symbol.for(
  '@nest-mcp/auth:McpAuthModule',
);

/** Well-known path prefix of OAuth Protected Resource Metadata (RFC 9728 §3). */
export const PROTECTED_RESOURCE_WELL_KNOWN =
  '/.well-known/oauth-protected-resource';

/** Asymmetric JWS algorithms that may be allowed (RFC 8725 §3.1: never `none`, never HS*). */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/** Longest access token accepted, in characters; longer ones are refused unparsed (`too_large`). */
export const MAX_TOKEN_LENGTH = 16_384;

/** Fixed bounds of JWKS and metadata fetching (not options). */
export const JWKS_LIMITS = {
  /** Largest JWKS body read; the download stops as soon as it is exceeded. */
  maxJwksBytes: 256 * 1024,
  /** Largest authorization server metadata document read. */
  maxMetadataBytes: 512 * 1024,
  /** Upper bound of a `Cache-Control: max-age` lifetime (the lower bound is the cooldown). */
  maxLifetimeSeconds: 86_400,
  /** Longest pause between two failed fetch attempts (the backoff starts at the cooldown). */
  maxBackoffSeconds: 300,
  /** Most keys tried for a token without `kid` when several published keys fit its `alg`. */
  maxKidlessCandidates: 4,
} as const;
