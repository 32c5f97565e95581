import { machineLines } from '../report/machine-info.js';
import type { MemoryRow, PhaseSummary } from './phase-tally.js';
import type { SoakSettings } from './soak-settings.js';
import { TOKEN_KINDS } from './token-mix.js';

/** Everything the report shows. */
export interface SoakOutcome {
  readonly settings: SoakSettings;
  readonly replicas: readonly string[];
  readonly phases: readonly PhaseSummary[];
  /** JWKS fetches per phase and replica. */
  readonly jwks: ReadonlyArray<
    Readonly<Record<string, { total: number; ok: number }>>
  >;
  readonly memory: readonly MemoryRow[];
  readonly notes: readonly string[];
  /** Further sections (Markdown lines), before the observations. */
  readonly sections?: readonly string[];
  readonly verdicts: ReadonlyArray<{
    target: string;
    met: boolean;
    detail: string;
  }>;
}

const ms = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const counts = (record: Readonly<Record<string, number>>) =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ') || '–';

/** The soak results as Markdown (`bench/soak-results.md`). */
export function soakMarkdown(outcome: SoakOutcome, startedAt: Date): string {
  const { settings, phases, replicas } = outcome;
  const lines = [
    '# Soak results (`npm run soak`)',
    '',
    `Run of ${startedAt.toISOString()}: ${replicas.length} replicas of the compiled sample behind nginx`,
    `(\`deploy/nginx/mcp-replicas.conf\`: \`least_conn\`, 2025 sessions by their id's replica prefix), one issuer, ${settings.concurrency} concurrent clients sending MCP 2026-07-28 \`tools/call whoami\``,
    'with a mix of tokens: valid 58 %; expired, wrongly signed (attacker key, trusted `kid`), wrong',
    'audience, unknown `kid` (attacker key), malformed, and validly signed with `scope` as a JSON array',
    '(RFC 9068 §2.2.3: one string) 6 % each. Scale',
    `\`SOAK_SCALE=${settings.scale}\`. Library defaults: JWKS cooldown 30 s, fetch timeout 5 s, key set`,
    'lifetime 600 s, verified-token cache 10,000 entries.',
    '',
    '## Machine',
    '',
    ...machineLines(),
    '',
    '## Expected behaviour',
    '',
    '- **Key rotation with overlap**: the issuer publishes the new key 40 s (more than the 30 s cooldown)',
    '  before signing with it and withdraws the old key once no token signed by it is presented. Replicas',
    '  pick the new key up by a refetch (an unknown `kid`, at most once per cooldown); no valid token is',
    '  refused.',
    '- **Issuer outage (20 s: connection refused, then 500s, then answers slower than the 5 s timeout)**:',
    '  every replica keeps the keys it holds (stale-if-error), so valid tokens keep working: none may be',
    '  refused. A token whose key no replica holds (here: unknown `kid`) cannot be checked: 503 with',
    '  `Retry-After`, never 401 (it may be valid) and never 500. Failed refetches back off from the',
    '  30 s cooldown, doubling.',
    '- **Recovery**: a replica retries only when its backoff has run out (30 s after a failed fetch,',
    '  doubling after each further failure). One attempt fails during a 20 s outage, at the latest when',
    '  a slow answer times out (5 s) just after the issuer is back, so a replica fetches again at most',
    '  35 s after that, on the next request that needs the issuer; until then unknown `kid` tokens stay',
    '  503, then 401.',
    '  Recovery time is measured per replica, at the issuer, from the moment it answers again to the',
    "  replica's first successful JWKS fetch.",
    "- **Slow clients** are the proxy's to handle: nginx closes a connection whose headers are not",
    '  complete within `client_header_timeout` (10 s), and buffers request bodies, forwarding a request',
    '  only once its body is complete (a body that keeps trickling within `client_body_timeout` is held',
    '  by nginx, not by a replica). Other clients must not notice.',
    '- Everywhere: no invalid token accepted, no 5xx besides that documented 503, bounded memory.',
    '- **Memory**: V8 sizes its heap from the machine (a limit of about 4 GB here) and lets the garbage',
    '  of a steady stream of requests pile up in a heap several times the live size before it',
    '  collects, so RSS climbs through the first minutes whatever a replica retains. Bounded means: the',
    '  V8 heap retained after a full GC and the native memory bound to JavaScript objects (`external`,',
    '  buffers included) stop growing after the warm-up, and so does the RSS of the replica whose heap',
    '  is capped (`--max-old-space-size`), where RSS follows what is live, malloc included.',
    '',
    '## Targets',
    '',
    '| target | met | measured |',
    '| --- | --- | --- |',
    ...outcome.verdicts.map(
      (v) => `| ${v.target} | ${v.met ? 'yes' : '**no**'} | ${v.detail} |`,
    ),
    '',
    '## Phases',
    '',
    '| phase | s | requests | statuses | unexpected 5xx | 503 + Retry-After (unknown kid) | invalid accepted | valid refused | p50 ms | p99 ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...phases.map(
      (p) =>
        `| ${p.name} | ${p.seconds.toFixed(0)} | ${p.requests} | ${counts(p.statuses)} | ${p.unexpected5xx} | ${p.unavailable503} | ${p.invalidAccepted} | ${p.validRefused} | ${ms(p.p50)} | ${ms(p.p99)} |`,
    ),
    '',
    '### Answers by token kind',
    '',
    `| phase | ${TOKEN_KINDS.join(' | ')} |`,
    `| --- | ${TOKEN_KINDS.map(() => '---').join(' | ')} |`,
    ...phases.map(
      (p) =>
        `| ${p.name} | ${TOKEN_KINDS.map((k) => counts(p.byKind[k])).join(' | ')} |`,
    ),
    '',
    '## JWKS fetches per replica (answered 200 / received)',
    '',
    `| phase | ${replicas.join(' | ')} |`,
    `| --- | ${replicas.map(() => '---').join(' | ')} |`,
    ...phases.map(
      (p, i) =>
        `| ${p.name} | ${replicas
          .map((r) => {
            const f = outcome.jwks[i][r] ?? { total: 0, ok: 0 };
            return `${f.ok} / ${f.total}`;
          })
          .join(' | ')} |`,
    ),
    '',
    '## Memory per replica (MB)',
    '',
    'At the start and the end of the run, each after a full garbage collection (heap: retained).',
    '',
    '| replica | RSS start | RSS end | heap start | heap end |',
    '| --- | --- | --- | --- | --- |',
    ...outcome.memory.map(
      (m) =>
        `| ${m.replica} | ${mb(m.start.rss)} | ${mb(m.end.rss)} | ${mb(m.start.heapUsed)} | ${mb(m.end.heapUsed)} |`,
    ),
    '',
    ...(outcome.sections ?? []),
    '## Observations',
    '',
    ...outcome.notes.map((note) => `- ${note}`),
    '',
  ];
  return lines.join('\n');
}
