import type { BenchRow } from '../orchestrator/bench-rows.js';

/** The ratio base: mean throughput of the two baseline rows (first and second half of the run). */
export interface BaselineRates {
  readonly first: number;
  readonly last: number;
  readonly mean: number;
  /** Second half relative to first half, in percent. */
  readonly driftPercent: number;
}

/** Computes the ratio base from the first and last rows (both baseline). */
export function baselineRates(first: BenchRow, last: BenchRow): BaselineRates {
  const a = first.figures.requestsPerSecond;
  const b = last.figures.requestsPerSecond;
  return {
    first: a,
    last: b,
    mean: (a + b) / 2,
    driftPercent: ((b - a) / a) * 100,
  };
}

/**
 * The Markdown table: scenario | req/s | p50 ms | p99 ms | ratio to baseline | per-slice ratio
 * median (min–max) | server CPU per request | non-2xx | requests. Invalid rows are marked.
 */
export function resultsTable(
  rows: readonly BenchRow[],
  baseline: BaselineRates,
): string {
  const lines = [
    '| scenario | req/s | p50 ms | p99 ms | ratio to baseline | per-slice ratio: median (min–max) | server CPU µs/req | non-2xx | requests |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { spec, figures: f, sliceRatios, problems } of rows) {
    const label = problems.length ? `${spec.label} **(INVALID)**` : spec.label;
    const range = spread(sliceRatios);
    lines.push(
      `| ${label} | ${f.requestsPerSecond.toFixed(0)} | ${f.p50Ms.toFixed(2)} | ${f.p99Ms.toFixed(2)} | ${(f.requestsPerSecond / baseline.mean).toFixed(3)} | ${range} | ${f.serverCpuMicrosPerRequest.toFixed(0)} | ${f.non2xx} | ${f.responses} |`,
    );
  }
  return lines.join('\n');
}

/** `median (min–max)` of `values`, to two decimals. */
function spread(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${median(sorted).toFixed(2)} (${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)})`;
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The ratios the MCP 2026-07-28 work is judged by: ours warm on the modern path against the floor
 * (bare Nest, no SDK), modern against legacy for ours warm and for the SDK alone (baselines), and
 * DPoP warm against Bearer warm (req/s, and server CPU per request, which a busy machine skews less).
 */
export function eraLine(rows: readonly BenchRow[]): string {
  const rate = (id: string) =>
    rows.find((row) => row.spec.slot.id === id && !row.spec.half)?.figures
      .requestsPerSecond ?? Number.NaN;
  const baseline =
    rows
      .filter((row) => row.spec.slot.id === 'baseline')
      .reduce((sum, row) => sum + row.figures.requestsPerSecond, 0) / 2;
  const ratio = (a: number, b: number) => (a / b).toFixed(3);
  const cpu = (id: string) =>
    rows.find((row) => row.spec.slot.id === id && !row.spec.half)?.figures
      .serverCpuMicrosPerRequest ?? Number.NaN;
  return (
    `Ours warm on MCP 2026-07-28 is ${ratio(rate('ours-warm-modern'), rate('floor'))} of the floor's req/s; ` +
    `modern / 2025 era: ours warm ${ratio(rate('ours-warm-modern'), rate('ours-warm'))}, ` +
    `ours cold ${ratio(rate('ours-cold-modern'), rate('ours-cold'))}, ` +
    `no auth ${ratio(rate('baseline-modern'), baseline)}. ` +
    `DPoP warm / Bearer warm (MCP 2026-07-28): ${ratio(rate('ours-dpop-warm-modern'), rate('ours-warm-modern'))} in req/s, ` +
    `${ratio(cpu('ours-warm-modern'), cpu('ours-dpop-warm-modern'))} in server CPU per request ` +
    `(${cpu('ours-dpop-warm-modern').toFixed(0)} µs with DPoP, ${cpu('ours-warm-modern').toFixed(0)} µs without).`
  );
}

/**
 * The targets against the peers a user would pick instead, per era: ours warm / `@rekog/mcp-nest`,
 * ours warm / SDK v2, ours warm / our own no-auth baseline, ours cold / the faster peer; and what
 * 100 tools (and 20 resources, templates, prompts) cost a `tools/call` in server CPU.
 */
export function peerLine(rows: readonly BenchRow[]): string {
  const figures = (id: string) =>
    rows.find((row) => row.spec.slot.id === id && !row.spec.half)?.figures;
  const rate = (id: string) => figures(id)?.requestsPerSecond ?? Number.NaN;
  const cpu = (id: string) =>
    figures(id)?.serverCpuMicrosPerRequest ?? Number.NaN;
  // Each round's slices of the two servers against each other: one slow slice (a major GC, a
  // neighbour's burst) moves the run's total, not the median.
  const cpuPerRound = (a: string, b: string) => {
    const slicesOf = (id: string) =>
      rows.find((row) => row.spec.slot.id === id && !row.spec.half)
        ?.sliceCpuMicros ?? [];
    const over = slicesOf(b);
    const ratios = slicesOf(a).map((micros, round) => micros / over[round]);
    return ratios.length > 0 ? spread(ratios) : 'n/a';
  };
  const baselineLegacy =
    rows
      .filter((row) => row.spec.slot.id === 'baseline')
      .reduce((sum, row) => sum + row.figures.requestsPerSecond, 0) / 2;
  const ratio = (a: number, b: number) => (a / b).toFixed(3);
  const era = (label: string, suffix: string, baseline: number) => {
    const peers = Math.max(rate(`mcp-nest${suffix}`), rate(`sdk-v2${suffix}`));
    return (
      `${label}: ours warm / @rekog/mcp-nest ${ratio(rate(`ours-warm${suffix}`), rate(`mcp-nest${suffix}`))} (target ≥ 1.3), ` +
      `/ SDK v2 ${ratio(rate(`ours-warm${suffix}`), rate(`sdk-v2${suffix}`))} (target ≥ 1.5), ` +
      `/ our no-auth baseline ${ratio(rate(`ours-warm${suffix}`), baseline)} (target ≥ 0.9); ` +
      `ours cold / the faster peer ${ratio(rate(`ours-cold${suffix}`), peers)} (target > 1); ` +
      `server CPU per tools/call with 100 tools / with 3: ${ratio(cpu(`ours-large-warm${suffix}`), cpu(`ours-warm${suffix}`))} over the run ` +
      `(${cpu(`ours-large-warm${suffix}`).toFixed(0)} µs / ${cpu(`ours-warm${suffix}`).toFixed(0)} µs), ` +
      `per round ${cpuPerRound(`ours-large-warm${suffix}`, `ours-warm${suffix}`)} (target ≤ 1.1).`
    );
  };
  return [
    era('2025 era', '', baselineLegacy),
    era('MCP 2026-07-28', '-modern', rate('baseline-modern')),
  ].join('\n\n');
}
