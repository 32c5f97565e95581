import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
  const entry = fileURLToPath(new URL('./heap-bound-main.js', import.meta.url));
  return new Promise((resolve, reject) => {
    let checkpoints: HeapCheckpoint[] | undefined;
    const child = fork(entry, [], { execArgv: ['--expose-gc'] });
    child.on(
      'message',
      (message: { type?: string; checkpoints?: HeapCheckpoint[] }) => {
        if (message.type === 'heap') checkpoints = message.checkpoints;
      },
    );
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && checkpoints) resolve(checkpoints);
      else reject(new Error(`heap measurement exited with code ${code}`));
    });
  });
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
