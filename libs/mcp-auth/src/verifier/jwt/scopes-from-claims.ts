import type { JWTPayload } from 'jose';

/** Scopes from `scope` (space-separated string, RFC 9068 §2.2.3) or `scp` (array or string). */
export function scopesFromClaims(claims: JWTPayload): string[] {
  const raw = claims.scope ?? claims.scp;
  if (typeof raw === 'string') {
    return raw.split(' ').filter((scope) => scope.length > 0);
  }
  if (Array.isArray(raw)) {
    return raw.filter(
      (scope): scope is string => typeof scope === 'string' && scope.length > 0,
    );
  }
  return [];
}
