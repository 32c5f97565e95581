import type { McpAuthOptions } from '../mcp-auth-options.interface.js';
import {
  parseAuthorizationServers,
  resolveAuthorizationServers,
} from './authorization-servers.js';
import { canonicalResource } from './canonical-resource.js';
import {
  parseScopeHierarchy,
  resolveScopeHierarchy,
} from './scope-hierarchy.js';
import {
  count,
  envBoolean,
  envNumber,
  envScopes,
  envList,
  envText,
  flag,
  optionalCount,
  secret,
  scopes,
  seconds,
  text,
  type EnvParser,
} from './option-checks.js';
import { parseConfiguredUrl } from './url-rules.js';
import { dpopAlgorithmsOption } from '../dpop/dpop-algorithms.js';
import { dpopModeOption, type DpopMode } from '../dpop/dpop-mode.js';

/** What an option's check may use besides its own value: options resolved before the others. */
export interface OptionContext {
  readonly allowInsecureHttp: boolean;
  readonly resource: string;
}

/** How one option of `McpAuthOptions` is declared: its variable, its parser, its check and default. */
export interface OptionSpec<K extends keyof McpAuthOptions, R> {
  /** The environment variable `mcpAuthOptionsFromEnv` reads it from. */
  readonly env: string;
  /** Turns the variable's text into the option's value. */
  readonly fromEnv: EnvParser<McpAuthOptions[K]>;
  /** Checks the value given (`undefined` when none) and returns what the library uses. */
  readonly resolve: (
    option: string,
    value: unknown,
    context: OptionContext,
  ) => R;
}

/**
 * Every option of `McpAuthOptions`, declared once: the known keys, the `MCP_AUTH_*` variables, the
 * defaults and the checks all derive from this table (the type makes a missing entry a compile
 * error). Each option's meaning is documented on `McpAuthOptions`.
 */
export const OPTION_TABLE = {
  allowInsecureHttp: {
    env: 'MCP_AUTH_ALLOW_INSECURE_HTTP',
    fromEnv: envBoolean,
    resolve: flag(false),
  },
  resource: {
    env: 'MCP_AUTH_RESOURCE_URL',
    fromEnv: envText,
    resolve: (option, value, { allowInsecureHttp }) => {
      canonicalResource(option, value, allowInsecureHttp);
      return value as string;
    },
  },
  authorizationServers: {
    env: 'MCP_AUTH_AUTHORIZATION_SERVERS',
    fromEnv: parseAuthorizationServers,
    resolve: (option, value, { resource, allowInsecureHttp }) =>
      resolveAuthorizationServers(option, value, resource, allowInsecureHttp),
  },
  scopesSupported: {
    env: 'MCP_AUTH_SCOPES_SUPPORTED',
    fromEnv: envScopes,
    resolve: scopes({ advertised: true }),
  },
  requiredScopes: {
    env: 'MCP_AUTH_REQUIRED_SCOPES',
    fromEnv: envScopes,
    resolve: scopes({ advertised: false }),
  },
  scopeHierarchy: {
    env: 'MCP_AUTH_SCOPE_HIERARCHY',
    fromEnv: parseScopeHierarchy,
    resolve: (_option, value) => resolveScopeHierarchy(value),
  },
  clockToleranceSeconds: {
    env: 'MCP_AUTH_CLOCK_TOLERANCE_SECONDS',
    fromEnv: envNumber,
    resolve: seconds(0, 3600, 60),
  },
  maxTokenAgeSeconds: {
    env: 'MCP_AUTH_MAX_TOKEN_AGE_SECONDS',
    fromEnv: envNumber,
    resolve: seconds(1, Number.MAX_SAFE_INTEGER),
  },
  requireJwtAccessTokenType: {
    env: 'MCP_AUTH_REQUIRE_AT_JWT',
    fromEnv: envBoolean,
    resolve: flag(false),
  },
  refuseIdTokens: {
    env: 'MCP_AUTH_REFUSE_ID_TOKENS',
    fromEnv: envBoolean,
    resolve: flag(true),
  },
  resourceName: {
    env: 'MCP_AUTH_RESOURCE_NAME',
    fromEnv: envText,
    resolve: text,
  },
  resourceDocumentation: {
    env: 'MCP_AUTH_RESOURCE_DOCUMENTATION',
    fromEnv: envText,
    resolve: (option, value) =>
      value === undefined
        ? undefined
        : parseConfiguredUrl(option, value, {
            allowInsecureHttp: true,
            allowQuery: true,
          }).href,
  },
  jwksCacheMaxAgeSeconds: {
    env: 'MCP_AUTH_JWKS_CACHE_MAX_AGE_SECONDS',
    fromEnv: envNumber,
    resolve: seconds(1, 86_400, 600),
  },
  jwksCooldownSeconds: {
    env: 'MCP_AUTH_JWKS_COOLDOWN_SECONDS',
    fromEnv: envNumber,
    resolve: seconds(1, 3600, 30),
  },
  jwksTimeoutMs: {
    env: 'MCP_AUTH_JWKS_TIMEOUT_MS',
    fromEnv: envNumber,
    resolve: count(100, 60_000, 5_000, 'milliseconds'),
  },
  tokenCacheSize: {
    env: 'MCP_AUTH_TOKEN_CACHE_SIZE',
    fromEnv: envNumber,
    resolve: count(0, 10_000_000, 10_000),
  },
  tokenCacheTtlSeconds: {
    env: 'MCP_AUTH_TOKEN_CACHE_TTL_SECONDS',
    fromEnv: envNumber,
    resolve: seconds(1, 86_400, 300),
  },
  strictStartup: {
    env: 'MCP_AUTH_STRICT_STARTUP',
    fromEnv: envBoolean,
    resolve: flag(false),
  },
  dpop: {
    env: 'MCP_AUTH_DPOP',
    fromEnv: (value) => value.toLowerCase() as DpopMode,
    resolve: (option, value) => dpopModeOption(option, value, 'allowed'),
  },
  dpopAlgorithms: {
    env: 'MCP_AUTH_DPOP_ALGORITHMS',
    fromEnv: envList as EnvParser<McpAuthOptions['dpopAlgorithms']>,
    resolve: dpopAlgorithmsOption,
  },
  dpopRequireContentDigest: {
    env: 'MCP_AUTH_DPOP_REQUIRE_CONTENT_DIGEST',
    fromEnv: envBoolean,
    resolve: flag(false),
  },
  dpopProofWindowSeconds: {
    env: 'MCP_AUTH_DPOP_PROOF_WINDOW_SECONDS',
    fromEnv: envNumber,
    resolve: seconds(5, 3600, 300),
  },
  dpopReplayCacheSize: {
    env: 'MCP_AUTH_DPOP_REPLAY_CACHE_SIZE',
    fromEnv: envNumber,
    resolve: count(1000, 10_000_000, 100_000),
  },
  dpopReplayKeyQuota: {
    env: 'MCP_AUTH_DPOP_REPLAY_KEY_QUOTA',
    fromEnv: envNumber,
    resolve: optionalCount(1, 10_000_000),
  },
  dpopReplayIdentityQuota: {
    env: 'MCP_AUTH_DPOP_REPLAY_IDENTITY_QUOTA',
    fromEnv: envNumber,
    resolve: optionalCount(1, 10_000_000),
  },
  dpopNonce: {
    env: 'MCP_AUTH_DPOP_NONCE',
    fromEnv: envBoolean,
    resolve: flag(false),
  },
  dpopNonceSecret: {
    env: 'MCP_AUTH_DPOP_NONCE_SECRET',
    fromEnv: envText,
    resolve: secret(32),
  },
  dpopNonceLifetimeSeconds: {
    env: 'MCP_AUTH_DPOP_NONCE_LIFETIME_SECONDS',
    fromEnv: envNumber,
    resolve: seconds(10, 3600, 300),
  },
} as const satisfies {
  readonly [K in keyof McpAuthOptions]-?: OptionSpec<K, unknown>;
};

/** The option names, in the order they are resolved. */
export type OptionName = keyof typeof OPTION_TABLE;

/** What each option resolves to. */
export type ResolvedOptionValues = {
  readonly [K in OptionName]: ReturnType<(typeof OPTION_TABLE)[K]['resolve']>;
};

/** The option names, in the order they are resolved (the context options first). */
export const OPTION_NAMES = Object.keys(OPTION_TABLE) as OptionName[];
