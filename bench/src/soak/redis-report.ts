import type { Verdict } from './hostile-report.js';
import type { RequestRecord } from './load-loop.js';
import type { DpopKind, DpopRecord, RedisRestartRun } from './redis-restart.js';

/** Longest time after Redis is back within which every replica must accept DPoP again. */
const RECOVERY_BOUND_MS = 10_000;

const KINDS: readonly DpopKind[] = [
  'fresh',
  'replay',
  'replay-across-restart',
  'wrong-key',
  'wrong-htu',
  'bound-as-bearer',
];
const INVALID: ReadonlySet<DpopKind> = new Set([
  'wrong-key',
  'wrong-htu',
  'bound-as-bearer',
]);
const REPLAYS: ReadonlySet<DpopKind> = new Set([
  'replay',
  'replay-across-restart',
]);

/** The figures of the Redis-restart phase the verdicts and the report use. */
export interface RedisRestartFigures {
  readonly replaysSent: number;
  readonly replaysAccepted: number;
  readonly acrossRestartSent: number;
  readonly invalidSent: number;
  readonly invalidAccepted: number;
  /** Fresh proofs sent after Redis exited and answered before it was started: accepted ones. */
  readonly acceptedWhileDown: number;
  readonly freshWhileDown: number;
  readonly unavailable: number;
  readonly unavailableWithoutRetryAfter: number;
  /** 503s answered before the stop was asked, or later than the recovery bound after the restart. */
  readonly unavailableOutsideOutage: number;
  /** Those 503s per replica, and when (s after Redis was back). */
  readonly outsideOutage: ReadonlyArray<{
    replica: string;
    afterStartS: number;
  }>;
  /** Per replica: the Redis warnings it logged during the phase (`Redis is unavailable (…)`). */
  readonly loggedWarnings: Readonly<Record<string, readonly string[]>>;
  /** ms from the stop to the first 503, and from Redis ready to the last 503. */
  readonly first503AfterStopMs: number | undefined;
  readonly last503AfterStartMs: number | undefined;
  /** Per replica: ms from Redis ready to its first accepted fresh proof (sent after that). */
  readonly recoveryMs: Readonly<Record<string, number | undefined>>;
  /** DPoP answers other than 200, 401 and 503 (e.g. 500, 502, no answer). */
  readonly unexpected: number;
  /** Bearer load of the phase: valid tokens answered 200 while Redis was down, and refused. */
  readonly bearerOkWhileDown: number;
  readonly bearerValidRefused: number;
  readonly bearerUnexpected5xx: number;
}

/** Computes the figures of `run`; `bearer` are the load's requests of the phase. */
export function redisRestartFigures(
  run: RedisRestartRun,
  bearer: readonly RequestRecord[],
  replicas: readonly string[],
  /** What each replica logged during the phase. */
  logs: Readonly<Record<string, string>>,
): RedisRestartFigures {
  const { records } = run;
  const of = (match: (r: DpopRecord) => boolean) => records.filter(match);
  const unavailable = of((r) => r.status === 503);
  const fresh = of((r) => r.kind === 'fresh');
  const whileDown = fresh.filter(
    (r) => r.sentAt >= run.stoppedAt && r.at <= run.startAskedAt,
  );
  const recoveryMs = Object.fromEntries(
    replicas.map((name) => {
      const first = fresh.find(
        (r) =>
          r.servedBy === name && r.status === 200 && r.sentAt >= run.startedAt,
      );
      return [name, first && first.at - run.startedAt];
    }),
  );
  const outside = unavailable.filter(
    (r) => r.at < run.stopAskedAt || r.at > run.startedAt + RECOVERY_BOUND_MS,
  );
  const loggedWarnings = Object.fromEntries(
    replicas.map((name) => [
      name,
      [...(logs[name] ?? '').matchAll(/Redis is unavailable \(([^)]*)\)/g)].map(
        (match) => match[1],
      ),
    ]),
  );
  const inOutage = (r: RequestRecord) =>
    r.at >= run.stoppedAt && r.at <= run.startAskedAt;
  return {
    replaysSent: of((r) => REPLAYS.has(r.kind)).length,
    replaysAccepted: of((r) => REPLAYS.has(r.kind) && r.status === 200).length,
    acrossRestartSent: of((r) => r.kind === 'replay-across-restart').length,
    invalidSent: of((r) => INVALID.has(r.kind)).length,
    invalidAccepted: of((r) => INVALID.has(r.kind) && r.status === 200).length,
    acceptedWhileDown: whileDown.filter((r) => r.status === 200).length,
    freshWhileDown: whileDown.length,
    unavailable: unavailable.length,
    unavailableWithoutRetryAfter: unavailable.filter((r) => !r.retryAfter)
      .length,
    unavailableOutsideOutage: outside.length,
    outsideOutage: outside.map((r) => ({
      replica: r.servedBy ?? '?',
      afterStartS: (r.at - run.startedAt) / 1000,
    })),
    loggedWarnings,
    first503AfterStopMs:
      unavailable.length > 0
        ? Math.min(...unavailable.map((r) => r.at)) - run.stopAskedAt
        : undefined,
    last503AfterStartMs:
      unavailable.length > 0
        ? Math.max(...unavailable.map((r) => r.at)) - run.startedAt
        : undefined,
    recoveryMs,
    unexpected: of((r) => ![200, 401, 503].includes(r.status)).length,
    bearerOkWhileDown: bearer.filter(
      (r) => inOutage(r) && r.kind === 'valid' && r.status === 200,
    ).length,
    bearerValidRefused: bearer.filter(
      (r) => r.kind === 'valid' && r.status !== 200,
    ).length,
    bearerUnexpected5xx: bearer.filter(
      (r) => r.status >= 500 && !(r.status === 503 && r.kind === 'unknown-kid'),
    ).length,
  };
}

/** The replay store's default `timeoutMs` (the sample uses the default). */
const STORE_TIMEOUT_MS = 500;

const outsideText = (f: RedisRestartFigures) =>
  f.outsideOutage
    .map(
      ({ replica, afterStartS }) => `${replica} +${afterStartS.toFixed(1)} s`,
    )
    .join(', ') || 'none';

const seconds = (ms: number | undefined) =>
  ms === undefined ? 'none' : `${(ms / 1000).toFixed(1)} s`;

/** The phase's targets. */
export function redisRestartVerdicts(f: RedisRestartFigures): Verdict[] {
  const recovery = Object.entries(f.recoveryMs);
  return [
    {
      target:
        'Redis restart: no DPoP replay accepted (on another replica, and across the restart)',
      met: f.replaysAccepted === 0 && f.replaysSent > 0,
      detail: `${f.replaysAccepted} of ${f.replaysSent} replays (${f.acrossRestartSent} across the restart)`,
    },
    {
      target: 'Redis restart: no invalid DPoP request accepted',
      met: f.invalidAccepted === 0 && f.invalidSent > 0,
      detail: `${f.invalidAccepted} of ${f.invalidSent}`,
    },
    {
      target:
        'Redis down: no DPoP proof accepted (fail closed), 503 + Retry-After instead',
      met:
        f.acceptedWhileDown === 0 &&
        f.freshWhileDown > 0 &&
        f.unavailableWithoutRetryAfter === 0,
      detail: `${f.acceptedWhileDown} of ${f.freshWhileDown} accepted; ${f.unavailable} × 503, ${f.unavailableWithoutRetryAfter} without Retry-After`,
    },
    {
      target: `Redis restart: 503s only from the stop to at most ${RECOVERY_BOUND_MS / 1000} s after Redis is back, or when the replica logged Redis slower than its ${STORE_TIMEOUT_MS} ms timeout`,
      met:
        f.first503AfterStopMs !== undefined &&
        f.first503AfterStopMs >= 0 &&
        f.outsideOutage.every(
          ({ replica, afterStartS }) =>
            afterStartS > 0 &&
            (f.loggedWarnings[replica] ?? []).some((w) =>
              w.startsWith('RedisTimeoutError'),
            ),
        ),
      detail: `${f.unavailableOutsideOutage} outside (${outsideText(f)}); first ${seconds(f.first503AfterStopMs)} after the stop, last ${seconds(f.last503AfterStartMs)} after Redis was back`,
    },
    {
      target: `Redis back: every replica accepts DPoP again within ${RECOVERY_BOUND_MS / 1000} s, without restart`,
      met: recovery.every(
        ([, ms]) => ms !== undefined && ms <= RECOVERY_BOUND_MS,
      ),
      detail: recovery.map(([name, ms]) => `${name} ${seconds(ms)}`).join(', '),
    },
    {
      target: 'Redis restart: DPoP answers are 200, 401 or 503 only',
      met: f.unexpected === 0,
      detail: String(f.unexpected),
    },
    {
      target: 'Redis restart: bearer requests unaffected',
      met:
        f.bearerValidRefused === 0 &&
        f.bearerUnexpected5xx === 0 &&
        f.bearerOkWhileDown > 0,
      detail: `${f.bearerOkWhileDown} valid bearer requests answered 200 while Redis was down; ${f.bearerValidRefused} valid refused, ${f.bearerUnexpected5xx} unexpected 5xx in the phase`,
    },
  ];
}

/** The Markdown section of the Redis-restart phase. */
export function redisRestartMarkdown(
  run: RedisRestartRun,
  f: RedisRestartFigures,
): string[] {
  const segments: Array<[string, (r: DpopRecord) => boolean]> = [
    ['Redis up', (r) => r.sentAt < run.stopAskedAt],
    [
      'Redis stopping or down',
      (r) => r.sentAt >= run.stopAskedAt && r.sentAt < run.startedAt,
    ],
    ['Redis back', (r) => r.sentAt >= run.startedAt],
  ];
  const counts = (records: readonly DpopRecord[]) => {
    const byStatus: Record<string, number> = {};
    for (const r of records) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    return (
      Object.entries(byStatus)
        .map(([status, n]) => `${status}: ${n}`)
        .join(', ') || '–'
    );
  };
  const rel = (at: number) =>
    `+${((at - run.stopAskedAt) / 1000).toFixed(1)} s`;
  return [
    '## Redis restart',
    '',
    'The replicas run with `MCP_REDIS_URL`: one `redis-server` (loopback, `maxmemory-policy noeviction`,',
    'append-only file with `appendfsync everysec`) holds the DPoP replay store of all three. During the',
    'phase, besides the bearer load above, DPoP callers (8 keys, 8 identities, bound tokens) send through',
    'nginx a fresh proof each round, the same proof again once it was accepted (a replay, usually landing',
    'on another replica), and one invalid request (a proof of another key, a proof for another URL, or the',
    'bound token without a proof). Redis is stopped (SIGTERM), left down, and started again on the same',
    'port; once a proof is accepted again, the last 20 proofs accepted before the stop are replayed.',
    `Load average (1 min): ${run.load[0].toFixed(1)} at the start of the phase, ${run.load[1].toFixed(1)} at its end.`,
    '',
    `Timeline (from the stop): Redis exited ${rel(run.stoppedAt)}, started again ${rel(run.startAskedAt)}, accepting connections ${rel(run.startedAt)}, phase ended ${rel(run.endedAt)}.`,
    '',
    `| DPoP request | ${segments.map(([name]) => name).join(' | ')} |`,
    `| --- | ${segments.map(() => '---').join(' | ')} |`,
    ...KINDS.map(
      (kind) =>
        `| ${kind} | ${segments
          .map(([, match]) =>
            counts(run.records.filter((r) => r.kind === kind && match(r))),
          )
          .join(' | ')} |`,
    ),
    '',
    `- 503 answers: ${f.unavailable} (all with \`Retry-After\`: ${f.unavailableWithoutRetryAfter === 0 ? 'yes' : 'no'}), the first ${seconds(f.first503AfterStopMs)} after the stop was asked, the last ${seconds(f.last503AfterStartMs)} after Redis accepted connections again.`,
    `- Recovery (Redis accepting connections → first accepted fresh proof on each replica): ${Object.entries(
      f.recoveryMs,
    )
      .map(([name, ms]) => `${name} ${seconds(ms)}`)
      .join(', ')}.`,
    `- 503 answers outside the outage window (later than ${RECOVERY_BOUND_MS / 1000} s after Redis was back): ${outsideText(f)}.`,
    `- Redis warnings the replicas logged during the phase (one per outage as each replica saw it): ${Object.entries(
      f.loggedWarnings,
    )
      .map(
        ([name, warnings]) =>
          `${name}: ${warnings.map((w) => `\`${w}\``).join(', ') || 'none'}`,
      )
      .join('; ')}.`,
    `- Bearer load while Redis was down: ${f.bearerOkWhileDown} valid tokens answered 200.`,
    '',
  ];
}
