/**
 * Preload for a replica (`node --expose-gc --import …/memory-probe.js main.js`, forked with an IPC
 * channel): answers `{ type: 'memory' }` with the process's `memoryUsage()` after a full garbage
 * collection (so the heap figure is what is retained), without changing the sample. Does nothing
 * without an IPC channel; never keeps the process alive.
 */
if (process.send) {
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'memory') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send?.({ type: 'memory', usage: process.memoryUsage() });
    }
  });
  process.channel?.unref();
}
