/**
 * Preload for a replica (`node --expose-gc --import …/memory-probe.js main.js`, forked with an IPC
 * channel): answers `{ type: 'memory' }` with the process's `memoryUsage()`, after a full garbage
 * collection unless the message says `gc: false` (so the heap figure is what is retained; the
 * timeline samples without one, to leave the heap's own rhythm alone), without changing the
 * sample. The answer carries the request's `id`. Does nothing without an IPC channel; never keeps the process alive.
 */
if (process.send) {
  process.on(
    'message',
    (message: { type?: string; id?: number; gc?: boolean }) => {
      if (message?.type === 'memory') {
        if (message.gc !== false) (globalThis as { gc?: () => void }).gc?.();
        process.send?.({
          type: 'memory',
          id: message.id,
          usage: process.memoryUsage(),
        });
      }
    },
  );
  process.channel?.unref();
}
