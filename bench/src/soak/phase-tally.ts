import { percentile } from '../load/percentile.js';
import type { MemorySample } from '../replicas/replica-process.js';
import type { RequestRecord } from './load-loop.js';
import { TOKEN_KINDS, type TokenKind } from './token-mix.js';

/** One phase of the soak and what happened during it. */
export interface Phase {
  readonly name: string;
  readonly description: string;
  readonly startedAt: number;
  endedAt: number;
  readonly records: RequestRecord[];
  /** JWKS fetches per replica during the phase (all, and answered 200). */
  jwksFetches: Record<string, { total: number; ok: number }>;
  /** Free-form observations (key switches, recovery times, slow clients). */
  readonly notes: string[];
}

/** Figures of one phase, against the soak's targets. */
export interface PhaseSummary {
  readonly name: string;
  readonly seconds: number;
  readonly requests: number;
  readonly statuses: Readonly<Record<string, number>>;
  /** 5xx (and failed requests) other than 503 + Retry-After for a token whose key is unobtainable. */
  readonly unexpected5xx: number;
  /** 503 + Retry-After answers (issuer unreachable and no cached key fits the token). */
  readonly unavailable503: number;
  readonly invalidAccepted: number;
  readonly validRefused: number;
  /** Refusals whose challenge was not `invalid_token` (or a 503 without Retry-After). */
  readonly badChallenges: number;
  readonly p50: number;
  readonly p99: number;
  readonly byKind: Readonly<
    Record<TokenKind, Readonly<Record<string, number>>>
  >;
}

/** Summarises `phase`. */
export function summarise(phase: Phase): PhaseSummary {
  const statuses: Record<string, number> = {};
  const byKind = Object.fromEntries(
    TOKEN_KINDS.map((kind) => [kind, {}]),
  ) as Record<TokenKind, Record<string, number>>;
  let unexpected5xx = 0;
  let unavailable503 = 0;
  let invalidAccepted = 0;
  let validRefused = 0;
  let badChallenges = 0;
  const latencies = new Float64Array(phase.records.length);
  phase.records.forEach((record, index) => {
    const status = String(record.status);
    statuses[status] = (statuses[status] ?? 0) + 1;
    byKind[record.kind][status] = (byKind[record.kind][status] ?? 0) + 1;
    latencies[index] = record.ms;
    const documented503 =
      record.status === 503 &&
      record.challengeOk &&
      record.kind === 'unknown-kid';
    if (documented503) unavailable503 += 1;
    else if (record.status >= 500 || record.status === 0) unexpected5xx += 1;
    if (record.kind === 'valid' && record.status !== 200) validRefused += 1;
    if (record.kind !== 'valid' && record.status >= 200 && record.status < 300)
      invalidAccepted += 1;
    if (record.kind !== 'valid' && !record.challengeOk && record.status !== 400)
      badChallenges += 1;
  });
  latencies.sort();
  return {
    name: phase.name,
    seconds: (phase.endedAt - phase.startedAt) / 1000,
    requests: phase.records.length,
    statuses,
    unexpected5xx,
    unavailable503,
    invalidAccepted,
    validRefused,
    badChallenges,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    byKind,
  };
}

/** RSS and heap of each replica at the start and the end of the run. */
export interface MemoryRow {
  readonly replica: string;
  readonly start: MemorySample;
  readonly end: MemorySample;
}

/** Requests each replica answered over `phases`, with their p99 latency (`r1 41,000 (p99 95.1 ms)`). */
export function servedCounts(phases: readonly Phase[]): string {
  const byReplica = new Map<string, number[]>();
  for (const record of phases.flatMap((p) => p.records)) {
    if (!record.servedBy) continue;
    const own = byReplica.get(record.servedBy) ?? [];
    own.push(record.ms);
    byReplica.set(record.servedBy, own);
  }
  return [...byReplica]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([replica, ms]) => {
      const sorted = Float64Array.from(ms).sort();
      return `${replica} ${ms.length.toLocaleString('en-US')} (p99 ${percentile(sorted, 99).toFixed(1)} ms)`;
    })
    .join(', ');
}
