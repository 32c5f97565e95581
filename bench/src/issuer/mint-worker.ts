/**
 * Worker thread that mints tokens off the main thread (see `mintInWorker`): receives the signing
 * key and claims in `workerData`, posts back the tokens.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MintJob } from './mint-in-worker.js';
import { tokenMinter } from './token-minter.js';

const job = workerData as MintJob;
parentPort?.postMessage(
  tokenMinter(job.key, job.issuer, job.audience).mintMany(
    job.count,
    job.prefix,
  ),
);
