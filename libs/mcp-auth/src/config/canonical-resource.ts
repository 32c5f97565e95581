import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import { parseConfiguredUrl } from './url-rules.js';

/**
 * The `resource` option (RFC 8707 §2, RFC 9728 §2): an absolute URL without query or fragment,
 * written in canonical form (lowercase scheme and host, no default port, no dot segments), since
 * it is compared exactly with each token's `aud`.
 */
export function canonicalResource(
  option: string,
  value: unknown,
  allowInsecureHttp: boolean,
): URL {
  const url = parseConfiguredUrl(option, value, {
    allowInsecureHttp,
    allowQuery: false,
  });
  const canonical = url.href;
  const bareOrigin = url.pathname === '/' && value === canonical.slice(0, -1);
  if (value !== canonical && !bareOrigin) {
    throw new McpAuthConfigError(
      option,
      `"${String(value)}" is not in canonical form (lowercase scheme and host, no default port, no dot segments); write it as "${canonical}"`,
    );
  }
  return url;
}
