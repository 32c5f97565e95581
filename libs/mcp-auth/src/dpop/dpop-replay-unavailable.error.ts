import { McpAuthError } from '../errors/mcp-auth.errors.js';

/** `Retry-After` of a store error that names none: a short outage is the common case. */
export const DEFAULT_REPLAY_RETRY_AFTER_SECONDS = 5;

/**
 * The replay store cannot answer (e.g. Redis unreachable or too slow): a replay cannot be ruled
 * out, so the DPoP request is refused with 503 and `Retry-After` (fail closed, RFC 9449 §11.1).
 * A store may reject with it to choose `retryAfterSeconds`; any other error of a store is wrapped
 * in one with the default. A store without room rejects with its subclass
 * `DpopReplayStoreFullError`.
 *
 * @publicApi
 */
export class DpopReplayUnavailableError extends McpAuthError {
  constructor(
    /** Seconds after which a retry may succeed. */
    readonly retryAfterSeconds: number = DEFAULT_REPLAY_RETRY_AFTER_SECONDS,
    options?: ErrorOptions,
  ) {
    super('The DPoP replay store is unavailable', options);
  }
}
