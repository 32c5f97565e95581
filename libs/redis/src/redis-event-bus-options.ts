/**
 * Options of `RedisEventBus` (all optional).
 *
 * @publicApi
 */
export interface RedisEventBusOptions {
  /**
   * The pub/sub channel of the deployment's change events; replicas of one deployment use the same,
   * other deployments on the same Redis another. Default `{nest-mcp:events}:notifications`.
   */
  readonly channel?: string;
  /**
   * Longest wait for Redis per publish or subscribe, in ms; past it Redis counts as unavailable (one
   * warning) and events reach this replica only. Default 500.
   */
  readonly timeoutMs?: number;
  /**
   * Most publishes waiting for Redis at once; past it an event reaches this replica only (counted).
   * Bounds the memory a slow or stalled Redis can hold. Default 1000.
   */
  readonly maxPendingPublishes?: number;
  /** Largest message sent or taken, in bytes; a larger one is not sent / ignored. Default 65536. */
  readonly maxMessageBytes?: number;
}

/** The options with their defaults applied. */
export type ResolvedRedisEventBusOptions = Required<RedisEventBusOptions>;

/** Raised at boot for an invalid option; the message names the option and the fix. */
export class RedisEventBusConfigError extends Error {
  constructor(
    /** The option at fault. */
    readonly option: string,
    problem: string,
  ) {
    super(`RedisEventBus option "${option}": ${problem}`);
    this.name = 'RedisEventBusConfigError';
  }
}

const wholeIn = (value: unknown, min: number, max: number) =>
  Number.isInteger(value) &&
  (value as number) >= min &&
  (value as number) <= max;

/** Validates the options once; throws `RedisEventBusConfigError` naming the option at fault. */
export function resolveRedisEventBusOptions(
  options: RedisEventBusOptions = {},
): ResolvedRedisEventBusOptions {
  const {
    channel = '{nest-mcp:events}:notifications',
    timeoutMs = 500,
    maxPendingPublishes = 1000,
    maxMessageBytes = 65_536,
  } = options;
  if (typeof channel !== 'string' || channel.length < 1 || channel.length > 256)
    throw new RedisEventBusConfigError(
      'channel',
      'must be a string of 1 to 256 characters, e.g. "{my-app:events}:notifications"',
    );
  if (!wholeIn(timeoutMs, 1, 60_000))
    throw new RedisEventBusConfigError(
      'timeoutMs',
      'must be a whole number of milliseconds from 1 to 60000 (e.g. 500)',
    );
  if (!wholeIn(maxPendingPublishes, 1, 1_000_000))
    throw new RedisEventBusConfigError(
      'maxPendingPublishes',
      'must be a whole number from 1 to 1000000 (e.g. 1000)',
    );
  if (!wholeIn(maxMessageBytes, 256, 16_777_216))
    throw new RedisEventBusConfigError(
      'maxMessageBytes',
      'must be a whole number of bytes from 256 to 16777216 (e.g. 65536)',
    );
  return { channel, timeoutMs, maxPendingPublishes, maxMessageBytes };
}
