import 'reflect-metadata';
import { startSample, type RunningSample } from './bootstrap.js';

/** SIGTERM/SIGINT: stop accepting requests, run shutdown hooks, exit 0. */
function closeOnSignals(sample: RunningSample): void {
  const shutdown = (signal: NodeJS.Signals) => {
    process.stdout.write(`${signal} received, shutting down\n`);
    sample.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

startSample().then(closeOnSignals, (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Sample failed to start: ${message}\n`);
  process.exit(1);
});
