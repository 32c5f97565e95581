/** Metadata key set by `@RequireScopes()`. */
export const REQUIRED_SCOPES_METADATA = 'mcp-auth:scopes';

/** Metadata key set by `@Public()`. */
export const PUBLIC_METADATA = 'mcp-auth:public';

/** Injection token of the validated, normalised options (see `ResolvedMcpAuthOptions`). */
export const MCP_AUTH_RESOLVED_OPTIONS = Symbol('MCP_AUTH_RESOLVED_OPTIONS');

/** Property of the HTTP request that holds the verified `ResourceOwner`. */
export const RESOURCE_OWNER_REQUEST_KEY = 'resourceOwner';

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

/** Defaults applied when an option is not given. */
export const DEFAULTS = {
  algorithms: ['RS256'],
  clockToleranceSeconds: 60,
  jwksTimeoutMs: 5_000,
  jwksCooldownMs: 30_000,
  jwksCacheMaxAgeMs: 600_000,
  discoveryTimeoutMs: 5_000,
  unavailableRetryAfterSeconds: 30,
  maxTokenLength: 16_384,
} as const;
