import { childResult } from '../child-result.js';

/** Heap in use after a full GC, once `tokens` distinct tokens have been verified. */
export interface HeapCheckpoint {
  readonly tokens: number;
  readonly heapUsedBytes: number;
}

/**
 * Forks `heap-bound-main.js` with `--expose-gc` and returns its checkpoints: the heap must level off
 * once the verified-token cache is full (10,000 entries by default).
 */
export function measureHeapBound(): Promise<HeapCheckpoint[]> {
  return childResult<HeapCheckpoint[]>(
    new URL('./heap-bound-main.js', import.meta.url),
    'heap',
    'heap measurement',
    ['--expose-gc'],
  );
}

/** Heap growth from the checkpoint where the cache filled (10,000 tokens) to the last one. */
export function heapGrowthBytes(
  checkpoints: readonly HeapCheckpoint[],
): number {
  const full = checkpoints.find((point) => point.tokens === 10_000);
  const last = checkpoints[checkpoints.length - 1];
  return full && last ? last.heapUsedBytes - full.heapUsedBytes : Infinity;
}

/** Markdown table of the checkpoints, with the growth since the cache filled (10,000 tokens). */
export function heapTable(checkpoints: readonly HeapCheckpoint[]): string {
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const full = checkpoints.find((point) => point.tokens === 10_000);
  const rows = checkpoints.map(
    (point) =>
      `| ${point.tokens.toLocaleString('en-US')} | ${mib(point.heapUsedBytes)} | ${
        full && point.tokens >= full.tokens
          ? `${point.heapUsedBytes >= full.heapUsedBytes ? '+' : ''}${mib(point.heapUsedBytes - full.heapUsedBytes)}`
          : ''
      } |`,
  );
  return [
    '| distinct tokens verified | heap used after GC (MiB) | change since the cache filled (MiB) |',
    '| ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
