import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startReplicaCluster } from '../replicas/replica-cluster.js';
import { formatMarkdown } from '../report/format-markdown.js';
import { hostileReplicaEnv } from './hostile-limits.js';
import { runHostileTenant } from './hostile-phase.js';
import { hostileMarkdown, hostileVerdicts } from './hostile-report.js';
import { startLoad } from './load-loop.js';
import {
  redisRestartFigures,
  redisRestartMarkdown,
  redisRestartVerdicts,
} from './redis-report.js';
import { runRedisRestart } from './redis-restart.js';
import { startSoakRedis } from './soak-redis.js';
import {
  servedCounts,
  summarise,
  type MemoryRow,
  type Phase,
} from './phase-tally.js';
import { soakMarkdown, type SoakOutcome } from './soak-report.js';
import { soakSettings } from './soak-settings.js';
import { startMemoryTimeline } from './memory-timeline.js';
import {
  memoryByPhase,
  memoryTimelineMarkdown,
  timelineCsv,
} from './memory-report.js';
import {
  cappedReplicaEnv,
  memoryGrowth,
  memoryVerdicts,
} from './memory-bounds.js';
import { startSlowClients, type SlowClientOutcome } from './slow-clients.js';
import { TokenMix } from './token-mix.js';

/**
 * `npm run soak`: sustained load through nginx (the shipped deploy/nginx/mcp-replicas.conf) over
 * the replicas, which share a DPoP replay store in Redis (`MCP_REDIS_URL`), with a mix of valid
 * and invalid tokens while the issuer rotates its key, goes down for 20 s and comes back, then
 * slow clients, then DPoP traffic while Redis is stopped and started again, then one identity
 * flooding what the per-identity bounds guard.
 * Writes the per-phase figures to bench/soak-results.md; exits 1 when a target is missed.
 */
const settings = soakSettings();
const startedAt = new Date();
const seconds = (value: number) => value * 1000;
const redis = await startSoakRedis();
const replicaEnv: Record<string, Record<string, string>> = {
  ...cappedReplicaEnv(),
};
for (const [name, vars] of Object.entries(settings.replicaEnv))
  replicaEnv[name] = { ...replicaEnv[name], ...vars };
const cluster = await startReplicaCluster(
  { ...hostileReplicaEnv(), MCP_REDIS_URL: redis.url },
  replicaEnv,
);
const { issuer, replicas, proxy, resource } = cluster;
const names = replicas.map((replica) => replica.name);
const log = (line: string) =>
  console.log(
    `[soak +${((performance.now() - t0) / 1000).toFixed(0)} s] ${line}`,
  );
const t0 = performance.now();
const notes: string[] = [];
let outcome: SoakOutcome;

try {
  const mix = await TokenMix.create(issuer, resource);
  const memoryStart = await Promise.all(replicas.map((r) => r.memory()));
  const phases: Phase[] = [];
  let current: Phase | undefined;
  const timeline = startMemoryTimeline(
    replicas,
    seconds(settings.memoryIntervalSeconds),
    () => current?.name ?? 'start',
  );
  const fetchSnapshot = () =>
    Object.fromEntries(names.map((n) => [n, issuer.fetches(n)]));
  let phaseFetchStart = fetchSnapshot();
  const begin = (name: string, description: string) => {
    if (current) end();
    current = {
      name,
      description,
      startedAt: performance.now(),
      endedAt: 0,
      records: [],
      jwksFetches: {},
      notes: [],
    };
    phases.push(current);
    log(`phase ${name}`);
  };
  const end = () => {
    if (!current) return;
    current.endedAt = performance.now();
    const now = fetchSnapshot();
    current.jwksFetches = Object.fromEntries(
      names.map((n) => [
        n,
        {
          total: now[n].total - phaseFetchStart[n].total,
          ok: now[n].ok - phaseFetchStart[n].ok,
        },
      ]),
    );
    phaseFetchStart = now;
  };
  const load = startLoad(
    `${proxy.origin}/mcp`,
    settings.concurrency,
    () => mix.pick(),
    (record) => current?.records.push(record),
  );

  begin('steady', 'all keys known, issuer up');
  await sleep(seconds(20 * settings.scale));

  begin(
    'key rotation',
    'new key published, signing switched after 40 s, old key withdrawn',
  );
  const next = await issuer.prepublish();
  await sleep(seconds(settings.prepublishSeconds));
  issuer.signWith(next);
  await mix.refresh();
  await sleep(seconds(5));
  issuer.withdrawBefore(next);
  notes.push(
    `Key rotation: new key published, tokens signed with it from +${settings.prepublishSeconds} s, old key withdrawn 5 s later.`,
  );
  await sleep(seconds(10 * settings.scale));

  begin(
    'outage',
    'issuer refuses connections 7 s, answers 500 for 7 s, then slower than the timeout for 6 s',
  );
  await issuer.setMode({ kind: 'down' });
  await sleep(seconds(settings.outage.refusedSeconds));
  await issuer.setMode({ kind: 'status', status: 500 });
  await sleep(seconds(settings.outage.errorSeconds));
  await issuer.setMode({ kind: 'slow', delayMs: 8_000 });
  await sleep(seconds(settings.outage.slowSeconds));

  await issuer.setMode({ kind: 'up' });
  const upAt = performance.now();
  begin('recovery', 'issuer answers again');
  await sleep(seconds(Math.max(50, 40 * settings.scale)));
  const recovery = names.map((name) => {
    const first = issuer.successTimes(name).find((at) => at >= upAt);
    const recoveryRecords = current!.records.filter(
      (r) => r.servedBy === name && r.kind === 'unknown-kid',
    );
    const last503 = recoveryRecords.filter((r) => r.status === 503).at(-1);
    return { name, first, last503 };
  });
  for (const { name, first, last503 } of recovery) {
    notes.push(
      `Recovery of ${name}: first successful JWKS fetch ${first === undefined ? 'none within the phase' : `${((first - upAt) / 1000).toFixed(1)} s`} after the issuer came back; ` +
        (last503
          ? `last 503 for an unknown kid at +${((last503.at - upAt) / 1000).toFixed(1)} s.`
          : 'no 503 after the issuer came back.'),
    );
  }

  begin(
    'slow clients',
    '40 clients trickling headers and 20 trickling bodies through nginx, one write per 2 s',
  );
  const slow = startSlowClients(
    proxy.origin,
    await issuer.mint({ audience: resource }),
    40,
    20,
    2_000,
  );
  await sleep(seconds(25 * settings.scale));
  const slowOutcome = slow.stop();
  const describeSlow = (what: string, o: SlowClientOutcome) =>
    `${what}: ${o.opened} opened, ${o.closedByServer} closed by nginx within the phase ` +
    `(answers: ${JSON.stringify(o.statuses)}), longest held ${(o.longestHeldMs / 1000).toFixed(1)} s.`;
  notes.push(
    describeSlow('Slow clients trickling headers', slowOutcome.headers),
  );
  notes.push(
    describeSlow('Slow clients trickling a body', slowOutcome.bodies) +
      ' nginx buffers request bodies (proxy_request_buffering on) and passes a request on only once' +
      ' its body is complete; a client that keeps sending within client_body_timeout is held by nginx.',
  );
  begin(
    'redis restart',
    'DPoP and bearer traffic; the shared Redis stopped 15 s after the start, started again 15 s later',
  );
  const redisPhase = current!;
  const logBefore = replicas.map((r) => r.log().length);
  const redisRun = await runRedisRestart(
    { url: new URL(`${proxy.origin}/mcp`), resource, issuer },
    redis,
    { upSeconds: 15, downSeconds: 15, afterSeconds: 30, perSecond: 10 },
  );
  const redisFigures = redisRestartFigures(
    redisRun,
    redisPhase.records,
    names,
    Object.fromEntries(
      replicas.map((r, i) => [r.name, r.log().slice(logBefore[i])]),
    ),
  );
  begin(
    'hostile tenant',
    'one identity floods listen streams, 2025 sessions, subscriptions and DPoP proofs',
  );
  const hostile = await runHostileTenant(
    {
      url: new URL(`${proxy.origin}/mcp`),
      resource,
      issuer,
      replicas: names.length,
    },
    replicas,
    seconds(Math.max(30, 40 * settings.scale)),
  );
  await load.stop();
  end();
  const memoryEnd = await Promise.all(replicas.map((r) => r.memory()));
  const samples = await timeline.stop();
  if (settings.memoryCsv)
    writeFileSync(settings.memoryCsv, timelineCsv(samples));

  const summaries = phases.map(summarise);
  const memory: MemoryRow[] = names.map((replica, i) => ({
    replica,
    start: memoryStart[i],
    end: memoryEnd[i],
  }));
  const sum = (
    pick: (s: (typeof summaries)[number]) => number,
    only?: (name: string) => boolean,
  ) =>
    summaries
      .filter((s) => !only || only(s.name))
      .reduce((total, s) => total + pick(s), 0);
  const served = new Set(
    phases.flatMap((p) => p.records.map((r) => r.servedBy)).filter(Boolean),
  );
  const recovered = recovery.every(
    (r) => r.first !== undefined && r.first - upAt <= 40_000,
  );
  const growth = memoryGrowth(samples, memory);
  const slowCut =
    slowOutcome.headers.closedByServer === slowOutcome.headers.opened;
  const slowPhase = summaries.find((s) => s.name === 'slow clients')!;
  const steadyPhase = summaries.find((s) => s.name === 'steady')!;
  const hostilePhase = summaries.find((s) => s.name === 'hostile tenant')!;
  notes.push(
    `Requests answered by ${[...served].join(', ')}: ${servedCounts(phases)}.`,
  );
  const nginxErrors = proxy
    .errors()
    .split('\n')
    .filter((line) => /\[(error|crit|alert|emerg)\]/.test(line));
  notes.push(
    `nginx error log: ${nginxErrors.length} lines at level error or above` +
      (nginxErrors.length > 0
        ? `, e.g. \`${nginxErrors[0].replace(/^.*?\[/, '[').slice(0, 200)}\``
        : '') +
      '.',
  );
  outcome = {
    settings,
    replicas: names,
    phases: summaries,
    jwks: phases.map((p) => p.jwksFetches),
    memory,
    notes,
    sections: [
      ...memoryTimelineMarkdown(
        memoryByPhase(samples, ['start', ...phases.map((p) => p.name)], names),
        settings.memoryIntervalSeconds,
        replicaEnv,
      ),
      ...redisRestartMarkdown(redisRun, redisFigures),
      ...hostileMarkdown(hostile, hostilePhase, steadyPhase),
    ],
    verdicts: [
      {
        target: 'no 5xx besides 503 + Retry-After for an unknown key',
        met: sum((s) => s.unexpected5xx) === 0,
        detail: `${sum((s) => s.unexpected5xx)} (documented 503s: ${sum((s) => s.unavailable503)})`,
      },
      {
        target: 'no invalid token accepted',
        met: sum((s) => s.invalidAccepted) === 0,
        detail: String(sum((s) => s.invalidAccepted)),
      },
      {
        target: 'no valid token refused outside the outage',
        met:
          sum(
            (s) => s.validRefused,
            (n) => n !== 'outage',
          ) === 0,
        detail: String(
          sum(
            (s) => s.validRefused,
            (n) => n !== 'outage',
          ),
        ),
      },
      {
        target: 'no valid token refused during the outage (cached keys)',
        met:
          sum(
            (s) => s.validRefused,
            (n) => n === 'outage',
          ) === 0,
        detail: String(
          sum(
            (s) => s.validRefused,
            (n) => n === 'outage',
          ),
        ),
      },
      {
        target: 'every refusal carries the right challenge',
        met: sum((s) => s.badChallenges) === 0,
        detail: String(sum((s) => s.badChallenges)),
      },
      {
        target:
          'every replica fetches the JWKS again within 40 s of the issuer coming back (30 s backoff + 5 s fetch timeout + slack)',
        met: recovered,
        detail: recovery
          .map(
            (r) =>
              `${r.name} ${r.first === undefined ? 'no' : `${((r.first - upAt) / 1000).toFixed(1)} s`}`,
          )
          .join(', '),
      },
      ...memoryVerdicts(growth),
      {
        target: 'slow-header clients cut by the proxy',
        met: slowCut,
        detail: `${slowOutcome.headers.closedByServer} / ${slowOutcome.headers.opened} closed, longest held ${(slowOutcome.headers.longestHeldMs / 1000).toFixed(1)} s`,
      },
      {
        target:
          'other clients unharmed by slow clients (p99 within 3× steady, no errors)',
        met:
          slowPhase.p99 <= 3 * steadyPhase.p99 && slowPhase.unexpected5xx === 0,
        detail: `p99 ${slowPhase.p99.toFixed(1)} ms vs steady ${steadyPhase.p99.toFixed(1)} ms`,
      },
      {
        target: 'load reached every replica',
        met: names.every((n) => served.has(n)),
        detail: [...served].join(', '),
      },
      ...redisRestartVerdicts(redisFigures),
      ...hostileVerdicts(hostile, hostilePhase, steadyPhase),
    ],
  };
} finally {
  await cluster.stop();
  await redis.stop();
}

writeFileSync(
  settings.resultsFile,
  await formatMarkdown(soakMarkdown(outcome, startedAt), settings.resultsFile),
);
console.log(`soak: results in ${settings.resultsFile}`);
for (const verdict of outcome.verdicts)
  console.log(
    `${verdict.met ? 'ok  ' : 'MISS'} ${verdict.target}: ${verdict.detail}`,
  );
process.exit(outcome.verdicts.every((v) => v.met) ? 0 : 1);
