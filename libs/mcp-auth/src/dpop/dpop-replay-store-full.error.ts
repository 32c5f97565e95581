import { DpopReplayUnavailableError } from './dpop-replay-unavailable.error.js';

/** Reason code of a refusal by a full replay store, as logged (with its fix). */
export const REPLAY_STORE_FULL = 'replay_store_full';

/**
 * The replay store holds as many live proofs as it may and cannot take one more right now
 * (RFC 9449 §11.1: it never forgets a live entry, it refuses). The client did nothing wrong, so
 * the DPoP request is answered 503 with `Retry-After` (not 401: a new token would not help).
 * A store throws (or rejects with) it to say in `retryAfterSeconds` when room is expected; a
 * store that answers the verdict `'full'` gets one with the default.
 *
 * @publicApi
 */
export class DpopReplayStoreFullError extends DpopReplayUnavailableError {
  /** The reason code logged for this refusal. */
  readonly reason = REPLAY_STORE_FULL;

  constructor(
    /** Seconds until room is expected: when the store's oldest live entry leaves (at least 1). */
    retryAfterSeconds?: number,
    options?: ErrorOptions,
  ) {
    super(wholeSeconds(retryAfterSeconds), options);
    this.message = 'The DPoP replay store is full';
  }
}

/** `Retry-After` is whole seconds (RFC 9110 §10.2.3): rounded up, at least 1; else the default. */
function wholeSeconds(seconds: number | undefined): number | undefined {
  return seconds !== undefined && Number.isFinite(seconds)
    ? Math.max(1, Math.ceil(seconds))
    : undefined;
}
