import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** True for `localhost`, `*.localhost` (RFC 6761 §6.3), `127.0.0.0/8` and `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  return (
    LOOPBACK_HOSTS.has(hostname) ||
    hostname.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/** Rules a configured URL must follow. */
export interface UrlRules {
  allowInsecureHttp: boolean;
  allowQuery: boolean;
}

/**
 * Parses an absolute `http(s)` URL from configuration or throws a `McpAuthConfigError` naming
 * `option` and the fix. `http:` is accepted only for loopback hosts unless `allowInsecureHttp`.
 */
export function parseConfiguredUrl(
  option: string,
  value: unknown,
  rules: UrlRules,
): URL {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new McpAuthConfigError(option, 'must be a non-empty absolute URL');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new McpAuthConfigError(
      option,
      `"${value}" is not an absolute URL; write it like https://host/path`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new McpAuthConfigError(
      option,
      'must use https (or http on loopback)',
    );
  }
  if (value.includes('#')) {
    throw new McpAuthConfigError(option, 'must not contain a fragment (#...)');
  }
  if (url.username || url.password) {
    throw new McpAuthConfigError(option, 'must not contain credentials');
  }
  if (!rules.allowQuery && url.search) {
    throw new McpAuthConfigError(option, 'must not contain a query (?...)');
  }
  if (
    url.protocol === 'http:' &&
    !isLoopbackHost(url.hostname) &&
    !rules.allowInsecureHttp
  ) {
    throw new McpAuthConfigError(
      option,
      `"${value}" uses http on a non-loopback host; use https, or set allowInsecureHttp: true for development only`,
    );
  }
  return url;
}
