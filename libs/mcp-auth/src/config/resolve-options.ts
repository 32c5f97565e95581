import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import { ASYMMETRIC_ALGORITHMS, DEFAULTS } from '../mcp-auth.constants.js';
import type {
  AllowedAlgorithm,
  AuthorizationServerOptions,
  McpAuthOptions,
  ResolvedAuthorizationServer,
  ResolvedMcpAuthOptions,
} from '../mcp-auth-options.interface.js';
import { protectedResourceMetadataUrl } from './metadata-url.js';
import { resolveScopeHierarchy } from './scope-hierarchy.js';
import { isScopeToken } from './scope-syntax.js';
import { parseConfiguredUrl, type UrlRules } from './url-rules.js';

const KNOWN_OPTIONS = new Set<string>([
  'resource',
  'authorizationServers',
  'scopesSupported',
  'requiredScopes',
  'scopeHierarchy',
  'clockToleranceSeconds',
  'maxTokenAgeSeconds',
  'requireJwtAccessTokenType',
  'resourceName',
  'resourceDocumentation',
  'allowInsecureHttp',
  'jwksCacheMaxAgeSeconds',
  'jwksCooldownSeconds',
  'jwksTimeoutMs',
  'tokenCacheSize',
  'tokenCacheTtlSeconds',
]);
const KNOWN_SERVER_OPTIONS = new Set<string>([
  'issuer',
  'jwksUri',
  'audiences',
  'algorithms',
]);
const ALGORITHMS = new Set<string>(ASYMMETRIC_ALGORITHMS);

/**
 * Validates `McpAuthOptions` once at boot and returns the normalised form. Any problem throws a
 * `McpAuthConfigError` whose message names the option and the fix.
 */
export function resolveMcpAuthOptions(
  options: McpAuthOptions,
): ResolvedMcpAuthOptions {
  if (!options || typeof options !== 'object') {
    throw new McpAuthConfigError('options', 'must be an object');
  }
  rejectUnknownKeys('', options, KNOWN_OPTIONS);
  const allowInsecureHttp = optionalBoolean(
    'allowInsecureHttp',
    options.allowInsecureHttp,
    false,
  );
  const resource = canonicalResource(options.resource, allowInsecureHttp);
  const metadataUrl = protectedResourceMetadataUrl(resource);
  const resourceString = options.resource;
  return Object.freeze({
    resource: resourceString,
    metadataUrl: metadataUrl.href,
    metadataPaths: Object.freeze([
      ...new Set([
        metadataUrl.pathname,
        '/.well-known/oauth-protected-resource',
      ]),
    ]),
    authorizationServers: Object.freeze(
      resolveServers(options.authorizationServers, resourceString, {
        allowInsecureHttp,
        allowQuery: false,
      }),
    ),
    scopesSupported: scopeList(
      'scopesSupported',
      options.scopesSupported,
      true,
    ),
    requiredScopes: scopeList('requiredScopes', options.requiredScopes, false),
    scopeHierarchy: resolveScopeHierarchy(options.scopeHierarchy),
    clockToleranceSeconds:
      optionalSeconds(
        'clockToleranceSeconds',
        options.clockToleranceSeconds,
        0,
        3600,
      ) ?? DEFAULTS.clockToleranceSeconds,
    maxTokenAgeSeconds: optionalSeconds(
      'maxTokenAgeSeconds',
      options.maxTokenAgeSeconds,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    requireJwtAccessTokenType: optionalBoolean(
      'requireJwtAccessTokenType',
      options.requireJwtAccessTokenType,
      false,
    ),
    resourceName: optionalText('resourceName', options.resourceName),
    resourceDocumentation:
      options.resourceDocumentation === undefined
        ? undefined
        : parseConfiguredUrl(
            'resourceDocumentation',
            options.resourceDocumentation,
            {
              allowInsecureHttp: true,
              allowQuery: true,
            },
          ).href,
    allowInsecureHttp,
    jwksCacheMaxAgeSeconds:
      optionalSeconds(
        'jwksCacheMaxAgeSeconds',
        options.jwksCacheMaxAgeSeconds,
        1,
        86_400,
      ) ?? DEFAULTS.jwksCacheMaxAgeSeconds,
    jwksCooldownSeconds:
      optionalSeconds(
        'jwksCooldownSeconds',
        options.jwksCooldownSeconds,
        1,
        3600,
      ) ?? DEFAULTS.jwksCooldownSeconds,
    jwksTimeoutMs:
      optionalCount(
        'jwksTimeoutMs',
        options.jwksTimeoutMs,
        100,
        60_000,
        'milliseconds',
      ) ?? DEFAULTS.jwksTimeoutMs,
    tokenCacheSize:
      optionalCount('tokenCacheSize', options.tokenCacheSize, 0, 10_000_000) ??
      DEFAULTS.tokenCacheSize,
    tokenCacheTtlSeconds:
      optionalSeconds(
        'tokenCacheTtlSeconds',
        options.tokenCacheTtlSeconds,
        1,
        86_400,
      ) ?? DEFAULTS.tokenCacheTtlSeconds,
  });
}

function canonicalResource(value: unknown, allowInsecureHttp: boolean): URL {
  const url = parseConfiguredUrl('resource', value, {
    allowInsecureHttp,
    allowQuery: false,
  });
  const canonical = url.href;
  const bareOrigin = url.pathname === '/' && value === canonical.slice(0, -1);
  if (value !== canonical && !bareOrigin) {
    throw new McpAuthConfigError(
      'resource',
      `"${String(value)}" is not in canonical form (lowercase scheme and host, no default port, no dot segments); write it as "${canonical}"`,
    );
  }
  return url;
}

function resolveServers(
  value: unknown,
  resource: string,
  rules: UrlRules,
): ResolvedAuthorizationServer[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new McpAuthConfigError(
      'authorizationServers',
      'list at least one trusted authorization server, e.g. [{ issuer: "https://idp.example.com" }]',
    );
  }
  const seen = new Set<string>();
  return value.map((entry: AuthorizationServerOptions, index) => {
    const at = `authorizationServers[${index}]`;
    if (!entry || typeof entry !== 'object') {
      throw new McpAuthConfigError(at, 'must be an object with an "issuer"');
    }
    rejectUnknownKeys(`${at}.`, entry, KNOWN_SERVER_OPTIONS);
    parseConfiguredUrl(`${at}.issuer`, entry.issuer, rules);
    if (seen.has(entry.issuer)) {
      throw new McpAuthConfigError(
        `${at}.issuer`,
        `"${entry.issuer}" is listed twice`,
      );
    }
    seen.add(entry.issuer);
    return Object.freeze({
      issuer: entry.issuer,
      jwksUri:
        entry.jwksUri === undefined
          ? undefined
          : parseConfiguredUrl(`${at}.jwksUri`, entry.jwksUri, {
              ...rules,
              allowQuery: true,
            }).href,
      audiences: Object.freeze(
        audienceList(`${at}.audiences`, entry.audiences, resource),
      ),
      algorithms: Object.freeze(
        algorithmList(`${at}.algorithms`, entry.algorithms),
      ),
    });
  });
}

function audienceList(
  option: string,
  value: unknown,
  resource: string,
): string[] {
  if (value === undefined) return [resource];
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((aud) => typeof aud === 'string' && aud.length > 0)
  ) {
    throw new McpAuthConfigError(
      option,
      'must be a non-empty array of audience strings (omit it to accept the resource URL)',
    );
  }
  return [...new Set(value as string[])];
}

function algorithmList(option: string, value: unknown): AllowedAlgorithm[] {
  if (value === undefined) return [...DEFAULTS.algorithms];
  if (!Array.isArray(value) || value.length === 0) {
    throw new McpAuthConfigError(
      option,
      'must be a non-empty array, e.g. ["RS256"]',
    );
  }
  for (const alg of value) {
    if (!ALGORITHMS.has(alg)) {
      throw new McpAuthConfigError(
        option,
        `"${String(alg)}" is not allowed; use asymmetric algorithms only: ${ASYMMETRIC_ALGORITHMS.join(', ')}`,
      );
    }
  }
  return [...new Set(value as AllowedAlgorithm[])];
}

function scopeList(
  option: string,
  value: unknown,
  advertised: boolean,
): readonly string[] {
  if (value === undefined) return Object.freeze([]);
  if (!Array.isArray(value)) {
    throw new McpAuthConfigError(option, 'must be an array of scope strings');
  }
  for (const scope of value) {
    if (!isScopeToken(scope)) {
      throw new McpAuthConfigError(
        option,
        `"${String(scope)}" is not a valid scope (printable ASCII, no spaces, quotes or backslashes)`,
      );
    }
    if (advertised && scope === 'offline_access') {
      throw new McpAuthConfigError(
        option,
        '"offline_access" is not a resource scope; remove it (the authorization server handles refresh tokens)',
      );
    }
  }
  return Object.freeze([...new Set(value as string[])]);
}

function optionalSeconds(
  option: string,
  value: unknown,
  min: number,
  max: number,
): number | undefined {
  return optionalNumber(option, value, min, max, 'a number of seconds');
}

function optionalCount(
  option: string,
  value: unknown,
  min: number,
  max: number,
  unit?: string,
): number | undefined {
  const what = unit ? `a whole number of ${unit}` : 'a whole number';
  if (value !== undefined && !Number.isInteger(value)) {
    throw new McpAuthConfigError(
      option,
      `must be ${what} between ${min} and ${max}`,
    );
  }
  return optionalNumber(option, value, min, max, what);
}

function optionalNumber(
  option: string,
  value: unknown,
  min: number,
  max: number,
  what: string,
): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max
  ) {
    throw new McpAuthConfigError(
      option,
      `must be ${what} between ${min} and ${max}`,
    );
  }
  return value;
}

function optionalBoolean(
  option: string,
  value: unknown,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new McpAuthConfigError(option, 'must be true or false');
  }
  return value;
}

function optionalText(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new McpAuthConfigError(option, 'must be a non-empty string');
  }
  return value;
}

function rejectUnknownKeys(
  prefix: string,
  value: object,
  known: Set<string>,
): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      throw new McpAuthConfigError(
        `${prefix}${key}`,
        `unknown option; known options are ${[...known].join(', ')}`,
      );
    }
  }
}
