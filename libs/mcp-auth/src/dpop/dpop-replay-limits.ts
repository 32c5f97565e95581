import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import type { DpopReplayLimits } from './in-memory-dpop-replay-store.js';

/** The replay options as given (quotas `undefined` when not set). */
export interface DpopReplayOptionValues {
  readonly dpopReplayCacheSize: number;
  readonly dpopReplayKeyQuota: number | undefined;
  readonly dpopReplayIdentityQuota: number | undefined;
}

/** Share of `dpopReplayCacheSize` each quota defaults to: ten callers at their quota fill the store. */
const DEFAULT_QUOTA_SHARE = 10;

/**
 * The replay store's bounds from the options: each quota defaults to a tenth of
 * `dpopReplayCacheSize` and may not exceed it (a larger quota would let one caller fill the
 * store). Throws `McpAuthConfigError` naming the option at fault.
 */
export function dpopReplayLimitsOf(
  options: DpopReplayOptionValues,
): DpopReplayLimits {
  const maxEntries = options.dpopReplayCacheSize;
  const fallback = Math.max(1, Math.floor(maxEntries / DEFAULT_QUOTA_SHARE));
  const quota = (option: string, value: number | undefined): number => {
    if (value === undefined) return fallback;
    if (value > maxEntries) {
      throw new McpAuthConfigError(
        option,
        `must not exceed dpopReplayCacheSize (${maxEntries}): lower it, or raise MCP_AUTH_DPOP_REPLAY_CACHE_SIZE`,
      );
    }
    return value;
  };
  return {
    maxEntries,
    maxPerKey: quota('dpopReplayKeyQuota', options.dpopReplayKeyQuota),
    maxPerIdentity: quota(
      'dpopReplayIdentityQuota',
      options.dpopReplayIdentityQuota,
    ),
  };
}
