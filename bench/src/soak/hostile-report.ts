import type { MemorySample } from '../replicas/replica-process.js';
import type { Outcomes } from './flood-pool.js';
import { HOSTILE_LIMITS } from './hostile-limits.js';
import { HOSTILE_SUBJECT, type FloodOutcomes } from './hostile-tenant.js';
import type { NeighbourOutcome } from './neighbours.js';
import type { PhaseSummary } from './phase-tally.js';

/** What the hostile-tenant phase measured. */
export interface HostileOutcome {
  readonly flood: FloodOutcomes;
  readonly neighbours: NeighbourOutcome;
  readonly replicas: readonly string[];
  /** Each replica's memory at the end of the phase, the flood's streams and sessions still held. */
  readonly memory: readonly MemorySample[];
  /** Load average (1 min) when the phase began and ended. */
  readonly load: readonly [number, number];
}

/** One target of the soak and whether it was met. */
export interface Verdict {
  readonly target: string;
  readonly met: boolean;
  readonly detail: string;
}

const total = (outcomes: Outcomes, match: (label: string) => boolean) =>
  Object.entries(outcomes)
    .filter(([label]) => match(label))
    .reduce((sum, [, n]) => sum + n, 0);
const all = (outcomes: Outcomes) => total(outcomes, () => true);
const list = (outcomes: Outcomes) =>
  Object.entries(outcomes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, n]) => `${label}: ${n}`)
    .join(', ') || '–';

/** The flood kinds: what was let through, the refusal that limits it, and the bound. */
function floodRows(outcome: HostileOutcome) {
  const { flood, replicas } = outcome;
  const n = replicas.length;
  return [
    {
      kind: '`subscriptions/listen` streams held open (MCP 2026-07-28)',
      outcomes: flood.listenStreams,
      served: flood.listenStreams['200 open'] ?? 0,
      bound: HOSTILE_LIMITS.maxListenStreamsPerIdentity * n,
      boundText: `${HOSTILE_LIMITS.maxListenStreamsPerIdentity} × ${n}`,
      refusal: 'listen-stream cap: HTTP 200, JSON-RPC `-32000`',
      refused: total(flood.listenStreams, (l) => l.endsWith(' -32000')),
    },
    {
      kind: '2025 `initialize` (stateful sessions, never closed)',
      outcomes: flood.sessions,
      served: flood.sessions['200 opened'] ?? 0,
      bound: HOSTILE_LIMITS.maxSessionsPerIdentity * n,
      boundText: `${HOSTILE_LIMITS.maxSessionsPerIdentity} × ${n}`,
      refusal: 'session cap: HTTP 429 (`Retry-After`)',
      refused: total(flood.sessions, (l) => l.startsWith('429')),
    },
    {
      kind: '`resources/subscribe` in its own sessions (one per replica)',
      outcomes: flood.subscriptions,
      served: flood.subscriptions['200 subscribed'] ?? 0,
      bound: HOSTILE_LIMITS.maxSubscriptionsPerSession * n,
      boundText: `${HOSTILE_LIMITS.maxSubscriptionsPerSession} per session × ${n} sessions`,
      refusal: 'subscription cap: JSON-RPC `-32000`',
      refused: total(flood.subscriptions, (l) => l.endsWith(' -32000')),
    },
    {
      kind: `\`subscriptions/listen\` asking for ${HOSTILE_LIMITS.maxSubscriptionsPerSession + 1} resource URIs`,
      outcomes: flood.listenFilters,
      served: total(flood.listenFilters, (l) => l === '200'),
      bound: 0,
      boundText: `${HOSTILE_LIMITS.maxSubscriptionsPerSession} URIs per stream`,
      refusal: 'subscription cap of a stream: HTTP 200, JSON-RPC `-32602`',
      refused: total(flood.listenFilters, (l) => l.endsWith(' -32602')),
    },
    {
      kind: 'DPoP requests, a fresh proof each (own key, bound token)',
      outcomes: flood.dpop,
      served: flood.dpop['200'] ?? 0,
      // One replay store in Redis for every replica: the quota holds for the deployment.
      bound: HOSTILE_LIMITS.dpopReplayQuota,
      boundText: `${HOSTILE_LIMITS.dpopReplayQuota} live proofs (one store, in Redis)`,
      refusal: 'DPoP replay quota: 401 `invalid_dpop_proof`',
      refused: flood.dpop['401 invalid_dpop_proof'] ?? 0,
    },
  ];
}

/** The phase's targets: the tenant limited at every bound, the others unharmed. */
export function hostileVerdicts(
  outcome: HostileOutcome,
  phase: PhaseSummary,
  steady: PhaseSummary,
): Verdict[] {
  const rows = floodRows(outcome);
  const { neighbours } = outcome;
  const neighbourFailures =
    all(neighbours.listenStreams) -
    (neighbours.listenStreams.opened ?? 0) +
    all(neighbours.sessions) -
    (neighbours.sessions.opened ?? 0) +
    all(neighbours.dpop) -
    (neighbours.dpop['200'] ?? 0);
  const errors = phase.validRefused + phase.unexpected5xx + neighbourFailures;
  return [
    {
      target:
        'hostile tenant limited at every per-identity bound (refused, and served at most the bound × replicas)',
      met: rows.every((r) => r.refused > 0 && r.served <= r.bound),
      detail: rows
        .map((r) => `${r.served} served / ${r.refused} refused`)
        .join('; '),
    },
    {
      target: 'other identities unharmed by a hostile tenant: no errors',
      met: errors === 0,
      detail: `${phase.validRefused} valid tokens refused, ${phase.unexpected5xx} unexpected 5xx, ${neighbourFailures} failed neighbour attempts`,
    },
    {
      target:
        "other identities' p99 during the hostile tenant's flood within 3× steady",
      met: phase.p99 <= 3 * steady.p99,
      detail: `p99 ${phase.p99.toFixed(1)} ms vs steady ${steady.p99.toFixed(1)} ms`,
    },
  ];
}

/** The Markdown section of the hostile-tenant phase. */
export function hostileMarkdown(
  outcome: HostileOutcome,
  phase: PhaseSummary,
  steady: PhaseSummary,
): string[] {
  const { neighbours, replicas, memory, load } = outcome;
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  return [
    '## Hostile tenant',
    '',
    `One authenticated identity (\`sub\` \`${HOSTILE_SUBJECT}\`) floods the replicas through nginx with`,
    'raw HTTP, as a hostile client would, while the load above keeps calling tools as 50 other',
    'identities and three more identities use what it floods. Each flood tries twice what the',
    'per-identity bounds of all replicas together allow. The replicas run with',
    `\`MCP_SERVER_STATEFUL=true\`, \`MCP_SERVER_RESOURCE_SUBSCRIPTIONS=true\`, at most`,
    `${HOSTILE_LIMITS.maxListenStreamsPerIdentity} listen streams, ${HOSTILE_LIMITS.maxSessionsPerIdentity} sessions and ${HOSTILE_LIMITS.maxSubscriptionsPerSession} subscriptions per session per identity (the`,
    `defaults), and a DPoP replay store of ${HOSTILE_LIMITS.dpopReplayCacheSize.toLocaleString('en')} proofs with ${HOSTILE_LIMITS.dpopReplayQuota} per key and per identity`,
    '(`MCP_AUTH_DPOP_REPLAY_CACHE_SIZE`, `_KEY_QUOTA`, `_IDENTITY_QUOTA`; smaller than the default so',
    'that a short flood reaches the quota).',
    '',
    `- **Per-identity bounds of sessions, listen streams and subscriptions are per replica**: each of the`,
    `  ${replicas.length} replicas keeps its own count, so one identity holds up to ${replicas.length} × each bound in all. The DPoP`,
    '  replay store is shared in Redis (`MCP_REDIS_URL`): its quotas hold for all replicas together.',
    '- **2025 sessions live in one replica**, and nginx sends every request of a session to it by the',
    '  replica prefix of its id (`r2.<uuid>`). The flood needs only `initialize` to hold places. The',
    '  tool-calling load speaks MCP 2026-07-28, stateless by definition, in every phase.',
    '- Listen streams and sessions stay held until the end of the phase; DPoP proofs stay in the',
    '  replay stores for their window (300 s), past the end of the run.',
    '',
    '| flood | answers | served | bound | refused (kind) |',
    '| --- | --- | --- | --- | --- |',
    ...floodRows(outcome).map(
      (r) =>
        `| ${r.kind} | ${list(r.outcomes)} | ${r.served} | ${r.boundText} | ${r.refused} (${r.refusal}) |`,
    ),
    '',
    '### Other identities during the flood',
    '',
    '| who | answers |',
    '| --- | --- |',
    `| tool-calling load (50 identities, valid tokens only) | ${list(phase.byKind.valid)}; p50 ${phase.p50.toFixed(1)} ms, p99 ${phase.p99.toFixed(1)} ms (steady phase: p50 ${steady.p50.toFixed(1)} ms, p99 ${steady.p99.toFixed(1)} ms; p50/p99 over the whole mix) |`,
    `| \`neighbour-listen\`: listen streams through the SDK v2 client | ${list(neighbours.listenStreams)} |`,
    `| \`neighbour-session\`: 2025 \`initialize\` | ${list(neighbours.sessions)} |`,
    `| \`neighbour-dpop\`: DPoP requests, a fresh proof each | ${list(neighbours.dpop)} |`,
    '',
    '### Memory per replica at the end of the flood (streams and sessions held)',
    '',
    '| replica | RSS MB | heap MB |',
    '| --- | --- | --- |',
    ...replicas.map(
      (name, i) =>
        `| ${name} | ${mb(memory[i].rss)} | ${mb(memory[i].heapUsed)} |`,
    ),
    '',
    `Load average (1 min) ${load[0].toFixed(2)} when the phase began, ${load[1].toFixed(2)} when it ended, on 2`,
    'cores shared with other work (other builds and test runs were loading the machine): the',
    "flood's own requests and that work compete with the load for the same CPUs, which is what",
    'moves the latencies; the bounds are about what a tenant can hold, not about CPU time.',
    '',
  ];
}
