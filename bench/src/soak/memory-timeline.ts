import { readFile } from 'node:fs/promises';
import type {
  MemorySample,
  ReplicaProcess,
} from '../replicas/replica-process.js';

/** One sample of one replica: `process.memoryUsage()` without a forced GC, plus the kernel's split. */
export interface TimelineSample extends MemorySample {
  readonly replica: string;
  /** Seconds since the timeline started. */
  readonly at: number;
  /** The soak phase running when the sample was taken. */
  readonly phase: string;
  /** Anonymous resident memory (heap, malloc, stacks) from `/proc/<pid>/status`; `NaN` off Linux. */
  readonly rssAnon: number;
}

/** A running timeline; `stop()` ends the sampling and gives every sample taken. */
export interface MemoryTimeline {
  stop(): Promise<TimelineSample[]>;
}

/**
 * Samples every replica's memory every `intervalMs` (skipping a tick while the previous one is
 * still being answered), tagged with `phase()`. The samples do not force a garbage collection, so
 * `heapUsed` includes garbage; RSS and the native figures are what the process holds.
 */
export function startMemoryTimeline(
  replicas: readonly ReplicaProcess[],
  intervalMs: number,
  phase: () => string,
): MemoryTimeline {
  const t0 = performance.now();
  const samples: TimelineSample[] = [];
  let inFlight: Promise<void> | undefined;
  const tick = () => {
    if (inFlight) return;
    const at = (performance.now() - t0) / 1000;
    const name = phase();
    inFlight = Promise.all(
      replicas.map(async (replica) => {
        const [usage, rssAnon] = await Promise.all([
          replica.memory({ gc: false }),
          anonymousRss(replica.pid),
        ]);
        samples.push({
          ...usage,
          replica: replica.name,
          at,
          phase: name,
          rssAnon,
        });
      }),
    )
      .catch(() => undefined)
      .then(() => {
        inFlight = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
      return samples.sort((a, b) => a.at - b.at);
    },
  };
}

async function anonymousRss(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^RssAnon:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb === undefined ? Number.NaN : Number(kb) * 1024;
  } catch {
    return Number.NaN;
  }
}
