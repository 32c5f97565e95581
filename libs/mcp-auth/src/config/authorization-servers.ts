import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import { ASYMMETRIC_ALGORITHMS } from '../mcp-auth.constants.js';
import type {
  AllowedAlgorithm,
  AuthorizationServerOptions,
  ResolvedAuthorizationServer,
} from '../mcp-auth-options.interface.js';
import { dpopModeOption } from '../dpop/dpop-mode.js';
import { flag, rejectUnknownKeys } from './option-checks.js';
import { parseConfiguredUrl, type UrlRules } from './url-rules.js';
import { resolveIntrospection } from '../verifier/introspection/introspection-options.js';

/** Algorithms allowed for an issuer that names none. */
const DEFAULT_ALGORITHMS: readonly AllowedAlgorithm[] = ['RS256'];
const SERVER_KEYS = [
  'issuer',
  'jwksUri',
  'audiences',
  'algorithms',
  'dpop',
  'refuseIdTokens',
  'introspection',
] as const;
const ALGORITHMS = new Set<string>(ASYMMETRIC_ALGORITHMS);

/**
 * The `authorizationServers` option: at least one trusted issuer, each listed once, with its
 * JWKS URL (or none, to discover it), accepted audiences (default: `resource`) and algorithms.
 */
export function resolveAuthorizationServers(
  option: string,
  value: unknown,
  resource: string,
  allowInsecureHttp: boolean,
): readonly ResolvedAuthorizationServer[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new McpAuthConfigError(
      option,
      'list at least one trusted authorization server, e.g. [{ issuer: "https://idp.example.com" }]',
    );
  }
  const rules: UrlRules = { allowInsecureHttp, allowQuery: false };
  const seen = new Set<string>();
  const servers = value.map((entry: AuthorizationServerOptions, index) => {
    const at = `${option}[${index}]`;
    if (!entry || typeof entry !== 'object') {
      throw new McpAuthConfigError(at, 'must be an object with an "issuer"');
    }
    rejectUnknownKeys(`${at}.`, entry, SERVER_KEYS);
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
      dpop: dpopModeOption(`${at}.dpop`, entry.dpop),
      refuseIdTokens:
        entry.refuseIdTokens === undefined
          ? undefined
          : flag(true)(`${at}.refuseIdTokens`, entry.refuseIdTokens),
      introspection: resolveIntrospection(
        `${at}.introspection`,
        entry.introspection,
        allowInsecureHttp,
      ),
    });
  });
  return Object.freeze(servers);
}

/**
 * Parses the environment form of `authorizationServers`: comma-separated issuer URLs, or a JSON
 * array of issuer URLs and `{ "issuer", "jwksUri"?, "audiences"?, "algorithms"?, "dpop"?,
 * "refuseIdTokens"?, "introspection"? }` objects.
 */
export function parseAuthorizationServers(
  value: string,
  variable = 'MCP_AUTH_AUTHORIZATION_SERVERS',
): AuthorizationServerOptions[] {
  const text = value.trim();
  if (!text.startsWith('[')) {
    return text
      .split(',')
      .map((issuer) => issuer.trim())
      .filter((issuer) => issuer.length > 0)
      .map((issuer) => ({ issuer }));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new McpAuthConfigError(
      variable,
      'is not valid JSON; write a JSON array like [{"issuer":"https://idp.example.com"}] or comma-separated issuer URLs',
    );
  }
  if (!Array.isArray(parsed)) {
    throw new McpAuthConfigError(variable, 'must be a JSON array');
  }
  return parsed.map((entry: unknown) =>
    typeof entry === 'string'
      ? { issuer: entry }
      : (entry as AuthorizationServerOptions),
  );
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
  if (value === undefined) return [...DEFAULT_ALGORITHMS];
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
