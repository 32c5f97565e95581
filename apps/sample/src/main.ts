import 'reflect-metadata';
import { startSample, type RunningSample } from './bootstrap.js';

let sample: RunningSample | undefined;
let stopping: NodeJS.Signals | undefined;

/** Closes the started sample and exits: 0 once closed, 1 if closing failed. */
function stop(running: RunningSample): void {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}

/**
 * SIGTERM/SIGINT: stop accepting requests, run shutdown hooks, exit 0. The handlers are installed
 * before the sample starts, so a signal that arrives while it boots is kept and acted on once it
 * is up, never left to Node's default (death by signal).
 */
function onSignal(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = signal;
  process.stdout.write(`${signal} received, shutting down\n`);
  if (sample) stop(sample);
}
process.once('SIGTERM', onSignal);
process.once('SIGINT', onSignal);

startSample().then(
  (running) => {
    sample = running;
    if (stopping) stop(running);
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Sample failed to start: ${message}\n`);
    process.exit(1);
  },
);
