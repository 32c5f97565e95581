/** What one bench run does; every number can be overridden from the environment. */
export interface BenchParameters {
  /** Measured seconds per row, about (`BENCH_DURATION`, default 10): the number of rounds times the slice. */
  readonly durationSeconds: number;
  /**
   * Seconds of one slice, about (`BENCH_SLICE`, default 0.6): servers take turns slice by slice.
   * Keep a round (one slice per server, 16 servers) well under 12 s, or servers idle long enough
   * to slow down.
   */
  readonly sliceSeconds: number;
  /** Seconds of unmeasured load per server, in rounds before the measured ones (`BENCH_WARMUP`, default 5). */
  readonly warmupSeconds: number;
  /** Concurrent keep-alive connections of the load generator (`BENCH_CONNECTIONS`, default 16). */
  readonly connections: number;
  /** Distinct tokens cycled in the warm scenario. */
  readonly warmTokens: number;
  /** Concurrent cold requests of the JWKS fetch count. */
  readonly burstSize: number;
  /** Delay of each JWKS answer, so the burst overlaps a fetch in flight (`BENCH_JWKS_LATENCY_MS`). */
  readonly jwksLatencyMs: number;
}

/** Reads `BENCH_*` overrides from `env`; a value that is not a positive number fails loudly. */
export function benchParameters(
  env: NodeJS.ProcessEnv = process.env,
): BenchParameters {
  const number = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(`${name} must be a positive number, got "${raw}"`);
    }
    return value;
  };
  return Object.freeze({
    durationSeconds: number('BENCH_DURATION', 10),
    sliceSeconds: number('BENCH_SLICE', 0.6),
    warmupSeconds: number('BENCH_WARMUP', 5),
    connections: Math.round(number('BENCH_CONNECTIONS', 16)),
    warmTokens: 1000,
    burstSize: 100,
    jwksLatencyMs: number('BENCH_JWKS_LATENCY_MS', 50),
  });
}
