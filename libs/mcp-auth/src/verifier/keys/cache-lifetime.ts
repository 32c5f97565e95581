/** Lifetime bounds for `cacheLifetimeMs`, in milliseconds. */
export interface CacheLifetimeBounds {
  /** Used when the response says nothing about its lifetime. */
  readonly defaultMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * How long a response may be used, from its `Cache-Control` header (RFC 9111 §5.2.2):
 * `max-age` clamped to `[minMs, maxMs]`; `minMs` for `no-store` or `no-cache`; otherwise (no
 * header, no or unparsable `max-age`) `defaultMs`.
 */
export function cacheLifetimeMs(
  cacheControl: string | null,
  { defaultMs, minMs, maxMs }: CacheLifetimeBounds,
): number {
  let maxAgeMs: number | undefined;
  for (const part of (cacheControl ?? '').split(',')) {
    const [name, rawValue] = part.trim().toLowerCase().split('=', 2);
    if (name === 'no-store' || name === 'no-cache') return minMs;
    if (name === 'max-age' && rawValue !== undefined) {
      const value = rawValue.replace(/^"(.*)"$/, '$1');
      if (/^\d+$/.test(value)) maxAgeMs = Number(value) * 1000;
    }
  }
  if (maxAgeMs === undefined) return defaultMs;
  return Math.min(maxMs, Math.max(minMs, maxAgeMs));
}
