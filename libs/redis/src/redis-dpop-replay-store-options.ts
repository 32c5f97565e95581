/**
 * Options of `RedisDpopReplayStore` (all optional).
 *
 * @publicApi
 */
export interface RedisDpopReplayStoreOptions {
  /**
   * Longest wait for Redis per proof, in ms; past it the request is answered 503 with
   * `Retry-After` (fail closed). Default 500.
   */
  readonly timeoutMs?: number;
  /** `Retry-After` (seconds) of the 503 answered while Redis is unavailable. Default 5. */
  readonly retryAfterSeconds?: number;
  /**
   * Prefix of every key. It must hold a Redis Cluster hash tag (`{…}`), so that one script's
   * keys live on one shard. Default `{nest-mcp:dpop}:`.
   */
  readonly keyPrefix?: string;
}

/** The options with their defaults applied. */
export type ResolvedRedisDpopReplayStoreOptions =
  Required<RedisDpopReplayStoreOptions>;

/** Raised at boot for an invalid option; the message names the option and the fix. */
export class RedisDpopReplayConfigError extends Error {
  constructor(
    /** The option at fault. */
    readonly option: string,
    problem: string,
  ) {
    super(`RedisDpopReplayStore option "${option}": ${problem}`);
    this.name = 'RedisDpopReplayConfigError';
  }
}

/** Validates the options once; throws `RedisDpopReplayConfigError` naming the option at fault. */
export function resolveRedisDpopReplayStoreOptions(
  options: RedisDpopReplayStoreOptions = {},
): ResolvedRedisDpopReplayStoreOptions {
  const {
    timeoutMs = 500,
    retryAfterSeconds = 5,
    keyPrefix = '{nest-mcp:dpop}:',
  } = options;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 60_000) {
    throw new RedisDpopReplayConfigError(
      'timeoutMs',
      'must be a whole number of milliseconds from 1 to 60000 (e.g. 500)',
    );
  }
  if (
    !Number.isInteger(retryAfterSeconds) ||
    retryAfterSeconds < 1 ||
    retryAfterSeconds > 3600
  ) {
    throw new RedisDpopReplayConfigError(
      'retryAfterSeconds',
      'must be a whole number of seconds from 1 to 3600 (e.g. 5)',
    );
  }
  if (typeof keyPrefix !== 'string' || !/\{[^{}]+\}/.test(keyPrefix)) {
    throw new RedisDpopReplayConfigError(
      'keyPrefix',
      'must hold a non-empty Redis Cluster hash tag in braces, e.g. "{my-app:dpop}:"',
    );
  }
  return { timeoutMs, retryAfterSeconds, keyPrefix };
}
