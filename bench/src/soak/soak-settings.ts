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
  /** Seconds between two memory samples of every replica (`SOAK_MEMORY_INTERVAL`, default 2). */
  readonly memoryIntervalSeconds: number;
  /** Where every memory sample goes as CSV (`SOAK_MEMORY_CSV`; none by default). */
  readonly memoryCsv: string | undefined;
  /**
   * Environment added to single replicas, to compare one with the others
   * (`SOAK_REPLICA_ENV`, JSON such as `{"r3":{"MALLOC_ARENA_MAX":"2"}}`; none by default).
   */
  readonly replicaEnv: Readonly<Record<string, Record<string, string>>>;
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
    memoryIntervalSeconds: positive(env, 'SOAK_MEMORY_INTERVAL', 2),
    memoryCsv: env.SOAK_MEMORY_CSV || undefined,
    replicaEnv: replicaEnv(env.SOAK_REPLICA_ENV),
  };
}

function replicaEnv(
  raw: string | undefined,
): Record<string, Record<string, string>> {
  if (!raw?.trim()) return {};
  const parsed: unknown = JSON.parse(raw);
  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    Object.values(parsed).every(
      (vars: unknown) =>
        typeof vars === 'object' &&
        vars !== null &&
        Object.values(vars).every((value) => typeof value === 'string'),
    );
  if (!valid) {
    throw new Error(
      `SOAK_REPLICA_ENV must map replica names to objects of strings, e.g. {"r3":{"MALLOC_ARENA_MAX":"2"}}`,
    );
  }
  return parsed as Record<string, Record<string, string>>;
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
