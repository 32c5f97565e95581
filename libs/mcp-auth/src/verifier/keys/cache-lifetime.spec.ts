import { describe, expect, it } from '@jest/globals';
import { cacheLifetimeMs } from './cache-lifetime.js';

describe('cacheLifetimeMs (RFC 9111 §5.2.2)', () => {
  const bounds = { defaultMs: 600_000, minMs: 30_000, maxMs: 86_400_000 };
  it.each<[string | null, number]>([
    [null, 600_000],
    ['public', 600_000],
    ['max-age=120', 120_000],
    ['public, MAX-AGE="300"', 300_000],
    ['max-age=5', 30_000],
    ['max-age=999999999', 86_400_000],
    ['max-age=-1', 600_000],
    ['max-age=1.5', 600_000],
    ['no-cache', 30_000],
    ['max-age=3600, no-store', 30_000],
  ])('%j → %d ms', (header, expected) => {
    expect(cacheLifetimeMs(header, bounds)).toBe(expected);
  });
});
