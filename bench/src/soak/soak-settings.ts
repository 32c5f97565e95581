/** Durations and load of one soak run, from the environment. */
export interface SoakSettings {
  /** Multiplies the steady, post-rotation, recovery, slow-client and hostile-tenant phases (`SOAK_SCALE`, default 1). */
  readonly scale: number;
  /** Concurrent requests in flight (`SOAK_CONCURRENCY`, default 8). */
  readonly concurrency: number;
  /** Seconds between publishing a new key and signing with it (more than the 30 s JWKS cooldown). */
  readonly prepublishSeconds: number;
  /** The outage: connection refused, then 500s, then answers slower than the 5 s fetch timeout. */
  readonly outage: {
    refusedSeconds: number;
    errorSeconds: number;
    slowSeconds: number;
  };
  /** Where the results go (`SOAK_RESULTS`, default bench/soak-results.md). */
  readonly resultsFile: string;
}

/** Reads `SoakSettings`; the outage is always 20 s (7 + 7 + 6). */
export function soakSettings(
  env: NodeJS.ProcessEnv = process.env,
): SoakSettings {
  return {
    scale: positive(env, 'SOAK_SCALE', 1),
    concurrency: Math.round(positive(env, 'SOAK_CONCURRENCY', 8)),
    prepublishSeconds: 40,
    outage: { refusedSeconds: 7, errorSeconds: 7, slowSeconds: 6 },
    resultsFile: env.SOAK_RESULTS || 'bench/soak-results.md',
  };
}

function positive(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} "${raw}" must be a positive number`);
  }
  return value;
}
