import { writeFile } from 'node:fs/promises';
import type { BenchParameters } from '../bench-parameters.js';
import type { InterleavedOutcome } from '../orchestrator/interleaved-run.js';
import { heapTable, type HeapCheckpoint } from '../memory/heap-bound.js';
import type { JwksFetchCount } from '../orchestrator/jwks-fetch-count.js';
import { formatMarkdown } from './format-markdown.js';
import { machineLines } from './machine-info.js';
import type { BaselineRates } from './results-table.js';
import {
  verificationTable,
  type VerifierRate,
} from '../verification/verify-throughput.js';

/** What `bench/results.md` reports. */
export interface BenchReport {
  readonly date: Date;
  readonly params: BenchParameters;
  readonly resource: string;
  readonly outcome: InterleavedOutcome;
  readonly table: string;
  readonly baseline: BaselineRates;
  readonly jwks: readonly JwksFetchCount[];
  readonly heap: readonly HeapCheckpoint[];
  readonly verification: readonly VerifierRate[];
  readonly wallSeconds: number;
}

/** The Markdown of the JWKS fetch count table. */
export function jwksTable(counts: readonly JwksFetchCount[]): string {
  return [
    '| server | JWKS fetches | other issuer requests | 200 answers |',
    '| --- | ---: | ---: | ---: |',
    ...counts.map(
      (c) =>
        `| ${c.kind} | ${c.jwksFetches} | ${c.otherIssuerRequests} | ${c.ok} / ${c.burstSize} |`,
    ),
  ].join('\n');
}

/** The drift line printed under the table. */
export function driftLine(baseline: BaselineRates): string {
  const sign = baseline.driftPercent >= 0 ? '+' : '';
  return `Baseline: ${baseline.first.toFixed(0)} req/s in the first half of the run, ${baseline.last.toFixed(0)} in the second (drift ${sign}${baseline.driftPercent.toFixed(1)} %); ratio base ${baseline.mean.toFixed(0)} req/s.`;
}

/** Renders the whole report as Markdown. */
export function renderReport(report: BenchReport): string {
  const { params, outcome } = report;
  const problems = outcome.rows.flatMap((row) =>
    row.problems.map((problem) => `- ${row.spec.label}: ${problem}`),
  );
  return [
    '# Benchmark results',
    '',
    `\`npm run bench\`, ${report.date.toISOString()}, ${report.wallSeconds.toFixed(0)} s wall time.`,
    'Where the time goes per request, step by step: [profile.md](profile.md).',
    '',
    ...machineLines(),
    '',
    '## Method',
    '',
    '- Every server serves the same `whoami` tool, each in its own Node process. Through `McpServerModule` (stateless Streamable HTTP) in a bench-only Nest app, with two more tools (100 tools, 20 resources, 20 templates and 20 prompts in the large rows): baseline without `McpAuthModule` (`requireAuth: false`); ours with `McpAuthModule`; the baseline app behind the MCP SDK v1 `requireBearerAuth` with a jose verifier (`createRemoteJWKSet` + `jwtVerify`), or behind `express-oauth2-jwt-bearer`. Servers of their own: `@rekog/mcp-nest` 2.0.5 (`McpStrategy`, stateless `StreamableHttpTransport`, an `McpHttpControllerFor` controller behind a jose JWKS guard) and the SDK v2 reference (`createMcpExpressApp`, `requireBearerAuth` with a jose verifier, `createMcpHandler`); both verify every token (no cache).',
    `- Load: autocannon in the bench process, ${params.connections} keep-alive connections, \`tools/call whoami\` without \`initialize\`, \`MCP-Protocol-Version\` of the SDK. Each answer is checked once before and after (200 with the token's subject; 401 without a token); a row with any non-2xx answer or connection error is marked invalid.`,
    `- All servers run at once (idle unless measured) and are measured one at a time, in rounds: each round sends ${outcome.plan.sliceAmount} requests (about ${params.sliceSeconds} s at baseline speed) to each server in turn, baseline first. ${outcome.plan.warmupRounds} unmeasured warmup rounds, then ${outcome.plan.rounds} measured rounds, and one more baseline slice closes the run, so every slice sits between two baseline slices, the drift of a shared machine falls on every row alike, no server gets two slices in a row and none idles long (a Node server idle for more than about 12 s needs a few thousand requests to get back to speed). The baseline's slices are reported as two rows, first and second half of the run.`,
    `- Tokens: RS256 (2048-bit), audience \`${report.resource}\` for every server, issuer and JWKS on loopback in the bench process (each JWKS answer waits ${params.jwksLatencyMs} ms). Warm: ${params.warmTokens} tokens cycled. Cold: ${outcome.coldTokens} tokens minted (warmup and measured pools); every cold server process gets each of them exactly once. DPoP warm: ${params.warmTokens} tokens bound to one ES256 key (\`cnf.jkt\`) cycled, each request with a fresh single-use proof (\`jti\`, \`htm\`, \`htu\`, \`iat\`, \`ath\`, \`content_digest\` of the body) signed by the bench before each round. The baseline gets the warm tokens too, and ignores them.`,
    '- req/s: responses divided by the time from the start of each slice to its last response, summed over the slices. Latency percentiles over every response. Ratio: req/s divided by the mean of the two baseline rows. Per-slice ratio: each slice against the mean of the baseline slices just before and after it (baseline rows: each slice against the mean of all baseline slices); its median shrugs off a burst of load from elsewhere on the machine, its spread shows the noise. Server CPU: CPU time (user + system) the server process used during its slices, per response; unlike req/s it does not depend on how much of a core the server got.',
    '',
    '## Throughput and latency',
    '',
    report.table,
    '',
    driftLine(report.baseline),
    '',
    ...(problems.length ? ['Invalid:', '', ...problems, ''] : []),
    `## JWKS fetches for ${params.burstSize} concurrent cold requests`,
    '',
    `A freshly started server (empty key cache) gets ${params.burstSize} requests at once, each on its own connection with a new valid token; the issuer counts the requests that reach it from process start to the last answer. Target for ours: 1.`,
    '',
    jwksTable(report.jwks),
    '',
    '## Heap under distinct tokens',
    '',
    `One \`McpTokenVerifier\` with the default verified-token cache (10,000 entries) verifies ${report.heap[report.heap.length - 1]?.tokens.toLocaleString('en-US')} distinct valid tokens (ES256, so that minting them takes seconds) in a process of its own; heap in use after a full GC (\`--expose-gc\`) at each checkpoint. Target: no growth once the cache is full.`,
    '',
    heapTable(report.heap),
    '',
    '## Verification alone',
    '',
    "New RS256 tokens verified in a process of its own, no HTTP, 16 at a time: `McpTokenVerifier.verify` (every token new, so each one is parsed, checked and signature-verified, then cached), jose's `jwtVerify` with `createRemoteJWKSet` as the peers use it, and the bare `node:crypto` signature check (synchronous, one thread) as the floor. Rounds of 2,000 tokens each alternate the three; the first round is warmup. CPU: the process's user + system time, thread pool included.",
    '',
    verificationTable(report.verification),
    '',
    'Figures are ratios from one run on a shared machine: compare rows within this run, not across runs or machines.',
    '',
  ].join('\n');
}

/** Writes the report to `path`, formatted as Prettier would. */
export async function writeReport(
  path: string,
  report: BenchReport,
): Promise<void> {
  await writeFile(path, await formatMarkdown(renderReport(report), path));
}
