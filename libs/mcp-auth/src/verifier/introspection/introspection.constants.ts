/** Fixed bounds of RFC 7662 introspection (not options). */
export const INTROSPECTION_LIMITS = {
  /** Largest introspection answer read; the download stops as soon as it is exceeded. */
  maxAnswerBytes: 64 * 1024,
  /** Introspection requests in flight at once per issuer; past that, 503 at once. */
  maxInFlightPerIssuer: 32,
  /** Seconds a refusal (inactive, wrong audience, …) is remembered for the same token. */
  negativeTtlSeconds: 10,
  /** Refusals remembered (oldest out first), apart from the accepted tokens. */
  maxNegativeEntries: 10_000,
  /** `Retry-After` of a 503 caused by a failing or overloaded introspection endpoint. */
  retryAfterSeconds: 5,
  /** Least milliseconds between two log lines about one failing endpoint. */
  logIntervalMs: 10_000,
} as const;
