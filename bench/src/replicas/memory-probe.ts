/**
 * Preload for a replica (`node --import …/memory-probe.js main.js`, forked with an IPC channel):
 * answers `{ type: 'memory' }` with the process's `memoryUsage()`, so the soak can read RSS and heap
 * without changing the sample. Does nothing without an IPC channel; never keeps the process alive.
 */
if (process.send) {
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'memory') {
      process.send?.({ type: 'memory', usage: process.memoryUsage() });
    }
  });
  process.channel?.unref();
}
