/** How many diagnostic lines one reason may write at once, and how fast that allowance comes back. */
export interface RateLimitSettings {
  /** Lines written in a burst before suppression starts. */
  readonly burst: number;
  /** Milliseconds for one more line to be allowed. */
  readonly refillMs: number;
}

/** Default: 10 lines per reason at once, then one every 6 s (10 a minute). */
export const REJECTION_LOG_RATE: RateLimitSettings = {
  burst: 10,
  refillMs: 6_000,
};

/** The outcome of `take`: write the line or not, and how many of its kind were dropped before it. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Lines of this key suppressed since the last one written (reported with the next one). */
  readonly suppressedBefore: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  suppressed: number;
}

/**
 * One token bucket per key (a rejection reason), so a storm of bad tokens of one kind cannot
 * flood the log nor hide other kinds. Keys are a small fixed set; the clock is injectable.
 */
export class RejectionRateLimit {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: RateLimitSettings = REJECTION_LOG_RATE,
    /** Monotonic clock in milliseconds; replaceable in tests. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one line's allowance for `key`. */
  take(key: string): RateLimitDecision {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.settings.burst, updatedAt: now, suppressed: 0 };
      this.buckets.set(key, bucket);
    }
    const refilled = (now - bucket.updatedAt) / this.settings.refillMs;
    bucket.tokens = Math.min(this.settings.burst, bucket.tokens + refilled);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) {
      bucket.suppressed += 1;
      return { allowed: false, suppressedBefore: 0 };
    }
    bucket.tokens -= 1;
    const suppressedBefore = bucket.suppressed;
    bucket.suppressed = 0;
    return { allowed: true, suppressedBefore };
  }
}
