import type { ResolvedOptionValues } from './config/option-table.js';
import type { ASYMMETRIC_ALGORITHMS } from './mcp-auth.constants.js';
import type { DpopMode } from './dpop/dpop-mode.js';
import type {
  IntrospectionOptions,
  ResolvedIntrospection,
} from './verifier/introspection/introspection-options.js';

/** A JWS algorithm that `McpAuthModule` can accept: asymmetric only. */
export type AllowedAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

/** One trusted authorization server (token issuer). */
export interface AuthorizationServerOptions {
  /** Issuer identifier, compared exactly with the token's `iss` (e.g. `https://idp.example.com/realms/acme`). */
  issuer: string;
  /** JWKS URL. When absent it is discovered from RFC 8414 metadata, then OpenID Connect discovery. */
  jwksUri?: string;
  /** Accepted `aud` values for tokens of this issuer; replaces the default (the `resource` URL). */
  audiences?: string[];
  /** Allowed JWS algorithms for this issuer (asymmetric only). Default `['RS256']`. */
  algorithms?: AllowedAlgorithm[];
  /** DPoP mode for this issuer's tokens (RFC 9449); default the module's `dpop`. */
  dpop?: DpopMode;
  /** Refuse OpenID Connect ID tokens of this issuer presented as access tokens; default the module's `refuseIdTokens`. */
  refuseIdTokens?: boolean;
  /**
   * Opaque access tokens of this issuer by RFC 7662 introspection: the resource server's client
   * credentials, and the endpoint (default from the issuer's metadata). Default none: JWT only.
   */
  introspection?: IntrospectionOptions;
}

/** Options of `McpAuthModule.forRoot()` / `forRootAsync()`. */
export interface McpAuthOptions {
  /** Canonical URL of the protected MCP endpoint (RFC 8707 / RFC 9728 `resource`), e.g. `https://api.example.com/mcp`. */
  resource: string;
  /** Trusted authorization servers; at least one. */
  authorizationServers: AuthorizationServerOptions[];
  /** Scopes advertised in the metadata (`scopes_supported`). */
  scopesSupported?: string[];
  /** Scopes every protected request must carry. Default none. */
  requiredScopes?: string[];
  /**
   * Broader scopes and the narrower ones each implies, followed transitively, e.g.
   * `{ 'notes:admin': ['notes:read', 'notes:write'] }`: a token with `notes:admin` may call what
   * needs `notes:read`. Used wherever scopes are decided. Cycles are refused at boot.
   */
  scopeHierarchy?: Record<string, string[]>;
  /** Leeway in seconds on `exp`, `nbf` and `iat`. Default 60. */
  clockToleranceSeconds?: number;
  /** Reject tokens whose `iat` is older than this many seconds (also makes `iat` required). */
  maxTokenAgeSeconds?: number;
  /** Require the RFC 9068 header `typ: at+jwt` (rejects plain `JWT` and OIDC id_tokens). Default false. */
  requireJwtAccessTokenType?: boolean;
  /**
   * Refuse a JWT that is recognisably an OpenID Connect ID token (it carries `nonce`, `at_hash`,
   * `c_hash` or `s_hash`, or Keycloak's `typ: "ID"` claim) unless it is typed `at+jwt`, whatever
   * its audience (RFC 8725 §3.11, RFC 9068 §4). Turn it off (here or per issuer) only for an issuer
   * that puts such claims in its access tokens. Default true.
   */
  refuseIdTokens?: boolean;
  /** Human-readable name in the metadata (`resource_name`). */
  resourceName?: string;
  /** URL of human-readable documentation in the metadata (`resource_documentation`). */
  resourceDocumentation?: string;
  /** Allow `http:` URLs for non-loopback hosts (resource, issuers, JWKS). Default false: development only. */
  allowInsecureHttp?: boolean;
  /**
   * Seconds a fetched JWKS is used before it is refreshed, unless the response says otherwise:
   * its `Cache-Control: max-age` wins, clamped to `jwksCooldownSeconds` .. 24 h (`no-store` and
   * `no-cache` mean `jwksCooldownSeconds`). Default 600.
   */
  jwksCacheMaxAgeSeconds?: number;
  /**
   * Least seconds between two JWKS fetches caused by tokens with an unknown `kid`, shortest JWKS
   * lifetime a `Cache-Control` header can ask for, and first backoff step after a failed fetch
   * (doubling up to 5 min). Default 30.
   */
  jwksCooldownSeconds?: number;
  /** Time limit in milliseconds of one JWKS or metadata fetch, body included. Default 5000. */
  jwksTimeoutMs?: number;
  /**
   * Verified tokens remembered (by SHA-256, least recently used out) so a repeated token costs no
   * signature check; time limits are still applied on every use. Default 10,000; 0 turns it off.
   */
  tokenCacheSize?: number;
  /** Longest time in seconds a verified token is remembered (never past its `exp`). Default 300. */
  tokenCacheTtlSeconds?: number;
  /**
   * Make the boot self-check fatal: the application waits for it and does not start when it finds
   * a problem (issuer metadata or JWKS unusable, metadata not served, http outside loopback,
   * unadvertised scopes). Default false: the check only warns, in the background.
   */
  strictStartup?: boolean;
  /**
   * DPoP (RFC 9449): `'required'` accepts only DPoP-bound tokens with a valid proof, `'allowed'`
   * also plain bearer tokens, `'off'` bearer tokens only. A token bound to a key (`cnf.jkt`) is
   * always refused without its proof. Per issuer: `authorizationServers[].dpop`. Default `'allowed'`.
   */
  dpop?: DpopMode;
  /** JWS algorithms a DPoP proof may be signed with (asymmetric only). Default ES*, PS*, RS*, EdDSA. */
  dpopAlgorithms?: AllowedAlgorithm[];
  /**
   * Refuse DPoP proofs without the MCP DPoP profile's `content_digest` (the digest of the exact
   * request body). Needs the raw body (`NestFactory.create(AppModule, { rawBody: true })`). Default false.
   */
  dpopRequireContentDigest?: boolean;
  /**
   * Largest distance in seconds between a proof's `iat` and now, either way; a proof's `jti` is
   * remembered (replay cache) until it leaves this window. Default 300 (MCP DPoP profile: ±5 min).
   */
  dpopProofWindowSeconds?: number;
  /**
   * Most DPoP proofs remembered against replay on this process (`InMemoryDpopReplayStore`). A
   * live entry is never dropped: once full, new proofs get 503 with `Retry-After` (fail closed,
   * RFC 9449 §11.1) until entries expire. Default 100,000.
   */
  dpopReplayCacheSize?: number;
  /**
   * Most live replay entries of one proof key (`cnf.jkt`); over it, only that key's new proofs
   * are refused. Default a tenth of `dpopReplayCacheSize`; at most `dpopReplayCacheSize`.
   */
  dpopReplayKeyQuota?: number;
  /**
   * Most live replay entries of one identity (the token's `iss` + `sub`), whatever its keys;
   * over it, only that identity's new proofs are refused. Default a tenth of
   * `dpopReplayCacheSize`; at most `dpopReplayCacheSize`.
   */
  dpopReplayIdentityQuota?: number;
  /** Require a server nonce in every proof (RFC 9449 §9, `DPoP-Nonce`, `use_dpop_nonce`). Default false. */
  dpopNonce?: boolean;
  /**
   * Key of the HMAC that makes nonces (at least 32 characters). Give every replica the same one so
   * that a nonce from one is accepted by all; default a random key per process.
   */
  dpopNonceSecret?: string;
  /** Seconds one nonce is handed out; each is accepted for about twice that. Default 300. */
  dpopNonceLifetimeSeconds?: number;
}

/**
 * Options validated and normalised at boot (defaults applied); what the guard, verifier and
 * metadata use. One member per option of `McpAuthOptions`, plus the derived metadata URL.
 */
export interface ResolvedMcpAuthOptions extends ResolvedOptionValues {
  /** The RFC 9728 §3.1 metadata URL of `resource` (well-known segment inserted before the path). */
  readonly metadataUrl: string;
  /** Paths the metadata is served at: the path-inserted one and the root one. */
  readonly metadataPaths: readonly string[];
  /** `dpopReplayKeyQuota`, its default applied. */
  readonly dpopReplayKeyQuota: number;
  /** `dpopReplayIdentityQuota`, its default applied. */
  readonly dpopReplayIdentityQuota: number;
}

/** One trusted authorization server after validation. */
export interface ResolvedAuthorizationServer {
  readonly issuer: string;
  readonly jwksUri: string | undefined;
  readonly audiences: readonly string[];
  readonly algorithms: readonly AllowedAlgorithm[];
  /** This issuer's DPoP mode, when it differs from the module's (`undefined`: the module's). */
  readonly dpop: DpopMode | undefined;
  /** Whether this issuer's ID tokens are refused, when it differs from the module's (`undefined`: the module's). */
  readonly refuseIdTokens?: boolean;
  /** RFC 7662 introspection of this issuer's opaque tokens, when configured. */
  readonly introspection?: ResolvedIntrospection;
}
