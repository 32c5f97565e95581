import type { ClaimsCheckOptions } from './claims-checks.js';

const SCHEME_AND_AUTHORITY = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)/;

/**
 * `value` with its scheme and host in lowercase and everything else as written: scheme and host
 * are case-insensitive (RFC 3986 §6.2.2.1), so MCP servers SHOULD accept a resource in `aud`
 * spelled with uppercase there (MCP 2026-07-28 authorization, "canonical server URI").
 */
export function lowercaseSchemeAndHost(value: string): string {
  const match = SCHEME_AND_AUTHORITY.exec(value);
  if (!match) return value;
  return `${match[1].toLowerCase()}${match[2].toLowerCase()}${value.slice(match[0].length)}`;
}

/**
 * The claims options for a token whose `aud` spells an accepted audience with uppercase scheme
 * or host: that exact spelling joins the accepted ones, so both verification paths (ours and
 * jose's) still compare exactly. Any other difference (path, port, trailing slash) stays refused.
 */
export function withAudienceSpellings(
  options: ClaimsCheckOptions,
  aud: unknown,
): ClaimsCheckOptions {
  const values =
    typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  const spellings = values.filter(
    (value): value is string =>
      typeof value === 'string' &&
      !options.audience.includes(value) &&
      options.audience.includes(lowercaseSchemeAndHost(value)),
  );
  return spellings.length === 0
    ? options
    : { ...options, audience: [...options.audience, ...spellings] };
}
