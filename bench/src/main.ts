/**
 * `npm run bench`: throughput and latency of `McpAuthModule` in front of an MCP tool, as ratios to
 * an unauthenticated baseline measured in the same run, next to two peer middlewares; then the
 * JWKS fetch count of a cold burst, the heap under many tokens and verification alone. Prints the tables and writes `bench/results.md`.
 */
import { resolve } from 'node:path';
import { benchParameters } from './bench-parameters.js';
import { startBenchIssuer } from './issuer/bench-issuer.js';
import { generateBenchKey } from './issuer/signing-key.js';
import { tokenMinter } from './issuer/token-minter.js';
import { DpopProofSource, generateBenchDpopKey } from './issuer/dpop-proofs.js';
import { whoamiCall } from './load/mcp-call.js';
import { runInterleaved } from './orchestrator/interleaved-run.js';
import {
  hasRedisServer,
  startBenchRedis,
  type BenchRedis,
} from './orchestrator/bench-redis.js';
import { selectSlots, type ServerSlot } from './orchestrator/server-slots.js';
import {
  countJwksFetches,
  type JwksFetchCount,
} from './orchestrator/jwks-fetch-count.js';
import {
  heapGrowthBytes,
  heapTable,
  measureHeapBound,
} from './memory/heap-bound.js';
import { formatMarkdown } from './report/format-markdown.js';
import {
  measureVerification,
  verificationTable,
} from './verification/verify-throughput.js';
import { driftLine, jwksTable, writeReport } from './report/results-file.js';
import {
  baselineRates,
  eraLine,
  peerLine,
  resultsTable,
} from './report/results-table.js';
import type { ServerConfig, ServerKind } from './server/server-kind.js';

const RESULTS_PATH = resolve(process.cwd(), 'bench/results.md');
/** Audience of every token and `resource` of `McpAuthModule`, whatever port a server listens on. */
const RESOURCE = 'http://127.0.0.1/mcp';
/** Heap growth past the full cache that counts as unbounded (GC noise is well under 1 MiB). */
const HEAP_GROWTH_LIMIT_BYTES = 4 * 2 ** 20;
const JWKS_KINDS: readonly ServerKind[] = ['ours', 'sdk-peer', 'auth0-peer'];

const startedAt = performance.now();
/** Progress goes to stderr, with seconds since start; stdout carries only the tables. */
const progress = (line: string) =>
  process.stderr.write(
    `[bench ${((performance.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${line}\n`,
  );

async function main(): Promise<number> {
  const params = benchParameters();
  // BENCH_ROWS=<slot id>,…: only those rows (and the baseline), printed, results.md untouched.
  const rowsOnly = process.env.BENCH_ROWS;
  const { slots, skipped } = selectSlots(rowsOnly, hasRedisServer());
  for (const reason of skipped) progress(`skipping row ${reason}`);
  const key = generateBenchKey();
  const issuer = await startBenchIssuer(key, params.jwksLatencyMs);
  let redis: BenchRedis | undefined;
  try {
    if (slots.some((slot) => slot.replay === 'redis')) {
      redis = await startBenchRedis();
      progress(`redis-server on ${redis.url}`);
    }
    const configFor = (port: number, slot?: ServerSlot): ServerConfig => ({
      port,
      resource: RESOURCE,
      issuer: issuer.issuer,
      jwksUri: issuer.jwksUri,
      redisUrl: slot?.replay === 'redis' ? redis?.url : undefined,
      platform: slot?.platform,
    });
    const minter = tokenMinter(key, issuer.issuer, RESOURCE);
    const dpopKey = generateBenchDpopKey();
    const dpopTokens = new DpopProofSource(
      dpopKey,
      Array.from({ length: params.warmTokens }, (_, i) =>
        minter.mint(`dpop-warm-${i}`, { cnf: { jkt: dpopKey.jkt } }),
      ),
      RESOURCE,
      whoamiCall('modern').body,
    );
    const outcome = await runInterleaved({
      params,
      minter,
      warmTokens: minter.mintMany(params.warmTokens, 'warm'),
      dpopTokens,
      slots,
      configFor,
      progress,
    });

    if (rowsOnly) {
      const { rows } = outcome;
      const baseline = baselineRates(rows[0], rows[rows.length - 1]);
      process.stdout.write(
        `\n${await formatMarkdown(`${resultsTable(rows, baseline)}\n\n${driftLine(baseline)}\n`, RESULTS_PATH)}\n`,
      );
      progress(`BENCH_ROWS=${rowsOnly}: ${RESULTS_PATH} not rewritten`);
      return rows.some((row) => row.problems.length) ? 1 : 0;
    }

    const jwks: JwksFetchCount[] = [];
    for (const kind of JWKS_KINDS) {
      progress(`JWKS fetch count, ${kind}…`);
      jwks.push(
        await countJwksFetches(
          kind,
          configFor,
          issuer,
          minter,
          params.burstSize,
        ),
      );
    }

    progress('heap under 100,000 distinct tokens…');
    const heap = await measureHeapBound();

    progress('verification alone, no HTTP…');
    // Its child fetches the JWKS of an issuer in its own process; on a machine loaded by other
    // work that first fetch has been seen to fail (ECONNRESET): one more try, then give up.
    const verification = await measureVerification().catch((error: unknown) => {
      progress(`verification failed (${String(error)}); trying once more…`);
      return measureVerification();
    });

    const { rows } = outcome;
    const baseline = baselineRates(rows[0], rows[rows.length - 1]);
    const table = `${resultsTable(rows, baseline)}\n\n${eraLine(rows)}\n\n${peerLine(rows)}`;
    process.stdout.write(
      `\n${await formatMarkdown(
        `${table}\n\n${driftLine(baseline)}\n\n` +
          `JWKS fetches for ${params.burstSize} concurrent cold requests:\n\n${jwksTable(jwks)}\n\n` +
          `Heap under distinct tokens:\n\n${heapTable(heap)}\n\n` +
          `Verification alone, no HTTP:\n\n${verificationTable(verification)}\n`,
        RESULTS_PATH,
      )}\n`,
    );
    const wallSeconds = (performance.now() - startedAt) / 1000;
    await writeReport(RESULTS_PATH, {
      date: new Date(),
      params,
      resource: RESOURCE,
      outcome,
      table,
      baseline,
      jwks,
      heap,
      verification,
      wallSeconds,
    });
    progress(`wrote ${RESULTS_PATH} (${wallSeconds.toFixed(0)} s)`);
    const failures = [
      ...rows.filter((r) => r.problems.length).map((r) => r.spec.label),
      ...jwks
        .filter((c) => c.ok !== c.burstSize)
        .map((c) => `JWKS burst on ${c.kind}`),
      ...(heapGrowthBytes(heap) > HEAP_GROWTH_LIMIT_BYTES
        ? ['heap grew after the token cache filled']
        : []),
    ];
    if (failures.length) {
      progress(`INVALID: ${failures.join(', ')}`);
      return 1;
    }
    return 0;
  } finally {
    await Promise.all([issuer.close(), redis?.stop()]);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
