import { Worker } from 'node:worker_threads';
import type { BenchSigningKey } from './signing-key.js';

/** What the mint worker is asked for. */
export interface MintJob {
  readonly key: BenchSigningKey;
  readonly issuer: string;
  readonly audience: string;
  readonly count: number;
  readonly prefix: string;
}

/** `tokenMinter(...).mintMany(count, prefix)` in a worker thread, so the main thread can go on. */
export function mintInWorker(job: MintJob): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./mint-worker.js', import.meta.url), {
      workerData: job,
    });
    worker.once('message', (tokens: string[]) => {
      resolve(tokens);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`mint worker exited with ${code}`));
    });
  });
}
