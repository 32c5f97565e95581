import { describe, expect, it } from '@jest/globals';
import { resolveRedisEventBusOptions } from './redis-event-bus-options.js';

describe('RedisEventBus options', () => {
  it('defaults: one hash-tagged channel, 500 ms, 1000 publishes waiting, 64 KiB messages', () => {
    expect(resolveRedisEventBusOptions()).toEqual({
      channel: '{nest-mcp:events}:notifications',
      timeoutMs: 500,
      maxPendingPublishes: 1000,
      maxMessageBytes: 65_536,
    });
  });

  it.each([
    [{ channel: '' }, /"channel": must be a string of 1 to 256 characters/],
    [{ channel: 'x'.repeat(257) }, /"channel"/],
    [{ timeoutMs: 0 }, /"timeoutMs": must be a whole number of milliseconds/],
    [{ timeoutMs: 2.5 }, /"timeoutMs"/],
    [
      { maxPendingPublishes: 0 },
      /"maxPendingPublishes": must be a whole number/,
    ],
    [
      { maxMessageBytes: 100 },
      /"maxMessageBytes": must be a whole number of bytes/,
    ],
  ])('refuses %j at boot, naming the option', (options, message) => {
    expect(() => resolveRedisEventBusOptions(options)).toThrow(message);
  });
});
