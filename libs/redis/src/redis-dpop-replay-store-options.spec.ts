import { describe, expect, it } from '@jest/globals';
import { resolveRedisDpopReplayStoreOptions } from './redis-dpop-replay-store-options.js';

describe('RedisDpopReplayStore options', () => {
  it('defaults: 500 ms per operation, Retry-After 5 s, one hash tag', () => {
    expect(resolveRedisDpopReplayStoreOptions()).toEqual({
      timeoutMs: 500,
      retryAfterSeconds: 5,
      keyPrefix: '{nest-mcp:dpop}:',
    });
  });

  it.each([
    [{ timeoutMs: 0 }, /"timeoutMs": must be a whole number of milliseconds/],
    [{ timeoutMs: 1.5 }, /"timeoutMs"/],
    [{ retryAfterSeconds: 0 }, /"retryAfterSeconds": must be a whole number/],
    [
      { keyPrefix: 'app:dpop:' },
      /"keyPrefix": must hold a non-empty Redis Cluster hash tag/,
    ],
    [{ keyPrefix: 'app{}:' }, /"keyPrefix"/],
  ])('refuses %j at boot, naming the option', (options, message) => {
    expect(() => resolveRedisDpopReplayStoreOptions(options)).toThrow(message);
  });
});
