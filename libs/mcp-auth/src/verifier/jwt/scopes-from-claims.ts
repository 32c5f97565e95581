import type { JWTPayload } from 'jose';

/**
 * The granted scopes of verified claims, or `undefined` when a scope claim has the wrong JSON
 * type (the caller refuses the token as `invalid_token`). The one home of this rule, applied
 * after either signature path (node:crypto or jose) has accepted the token.
 *
 * - `scope` is one space-separated string (RFC 9068 §2.2.3, RFC 8693 §4.2); an array, number,
 *   object, boolean or `null` there is refused.
 * - `scp` (issued by Entra ID and Okta) is a string of the same form or an array of strings; any
 *   other type, or an array holding a non-string, is refused.
 * - When both are present `scope` is read; both must be well typed.
 */
export function scopesFromClaims(claims: JWTPayload): string[] | undefined {
  const { scope, scp } = claims;
  if (Object.hasOwn(claims, 'scope') && typeof scope !== 'string')
    return undefined;
  if (Object.hasOwn(claims, 'scp') && !isScpValue(scp)) return undefined;
  const raw = Object.hasOwn(claims, 'scope') ? scope : scp;
  if (typeof raw === 'string') return splitScopes(raw);
  if (Array.isArray(raw)) return raw.filter((entry) => entry.length > 0);
  return [];
}

function isScpValue(value: unknown): value is string | string[] {
  return (
    typeof value === 'string' ||
    (Array.isArray(value) && value.every((entry) => typeof entry === 'string'))
  );
}

function splitScopes(value: string): string[] {
  return value.split(' ').filter((scope) => scope.length > 0);
}
