import type { MemoryRow } from './phase-tally.js';
import type { TimelineSample } from './memory-timeline.js';

/**
 * The soak's memory targets. V8 sizes its heap from the machine's memory (a limit of about 4 GB
 * on a 16 GB+ host) and, under a steady stream of short-lived allocations, lets garbage pile up in
 * a heap several times the live size before it collects; so a replica's RSS climbs through the
 * first minutes whatever it retains. The targets therefore bound what a replica retains (V8 heap
 * after a full GC, native memory bound to JavaScript objects), and the RSS of one replica whose
 * heap is capped (`--max-old-space-size`), where RSS follows what is live (malloc included).
 */
export const MEMORY_BOUNDS = {
  /** Phases that warm the replicas up; growth is measured from the last sample of the last one. */
  warmUpPhases: ['steady', 'key rotation'],
  /** Retained V8 heap (after a full GC), end of the run against its start. */
  retainedHeapGrowthMb: 32,
  /** Native memory bound to JavaScript objects (`external`, buffers included), highest after the warm-up against its end. */
  externalGrowthMb: 32,
  /** RSS of the heap-capped replica, highest after the warm-up against its end. */
  cappedRssGrowthMb: 48,
  /** Sanity ceiling on every replica's RSS, heap capped or not. */
  rssCeilingMb: 1024,
  /** The replica run with a capped V8 old space, and the cap. */
  capped: { replica: 'r3', maxOldSpaceMb: 192 },
} as const;

/** The environment that caps the V8 heap of `MEMORY_BOUNDS.capped.replica`. */
export function cappedReplicaEnv(): Record<string, Record<string, string>> {
  const { replica, maxOldSpaceMb } = MEMORY_BOUNDS.capped;
  return {
    [replica]: { NODE_OPTIONS: `--max-old-space-size=${maxOldSpaceMb}` },
  };
}

/** One replica's growth after the warm-up, in MB. */
export interface MemoryGrowth {
  readonly replica: string;
  /** RSS at the end of the warm-up, and the highest RSS sampled after it. */
  readonly rssAtWarmUp: number;
  readonly rssHighest: number;
  /** `external` (buffers included) at the end of the warm-up, and the highest after it. */
  readonly externalAtWarmUp: number;
  readonly externalHighest: number;
  /** Retained V8 heap (after a full GC) at the start and the end of the run. */
  readonly retainedStart: number;
  readonly retainedEnd: number;
  /** RSS at the end of the run (after a full GC), and the highest sampled in the whole run. */
  readonly rssEnd: number;
  readonly rssPeak: number;
}

const MB = 2 ** 20;

/** Each replica's growth after the warm-up; `undefined` when the timeline has no sample of it. */
export function memoryGrowth(
  samples: readonly TimelineSample[],
  memory: readonly MemoryRow[],
): MemoryGrowth[] | undefined {
  const warmUpEnd = MEMORY_BOUNDS.warmUpPhases.at(-1);
  const growth = memory.map((row) => {
    const own = samples.filter((s) => s.replica === row.replica);
    const lastWarm = own.findLastIndex((s) => s.phase === warmUpEnd);
    if (lastWarm < 0 || lastWarm === own.length - 1) return undefined;
    const after = own.slice(lastWarm + 1);
    return {
      replica: row.replica,
      rssAtWarmUp: own[lastWarm].rss / MB,
      rssHighest: Math.max(...after.map((s) => s.rss)) / MB,
      externalAtWarmUp: own[lastWarm].external / MB,
      externalHighest: Math.max(...after.map((s) => s.external)) / MB,
      retainedStart: row.start.heapUsed / MB,
      retainedEnd: row.end.heapUsed / MB,
      rssEnd: row.end.rss / MB,
      rssPeak: Math.max(row.end.rss, ...own.map((s) => s.rss)) / MB,
    };
  });
  return growth.every((g) => g !== undefined) ? growth : undefined;
}

/** The memory targets, met or not, with what was measured. */
export function memoryVerdicts(
  growth: readonly MemoryGrowth[] | undefined,
): Array<{ target: string; met: boolean; detail: string }> {
  const b = MEMORY_BOUNDS;
  const warmUp = b.warmUpPhases.join(' and ');
  if (!growth) {
    return [
      {
        target: 'memory sampled through the run',
        met: false,
        detail: `no sample after the ${warmUp} phases`,
      },
    ];
  }
  const each = (text: (g: MemoryGrowth) => string) =>
    growth.map((g) => `${g.replica} ${text(g)}`).join(', ');
  const mb = (value: number) => value.toFixed(0);
  const capped = growth.find((g) => g.replica === b.capped.replica);
  return [
    {
      target: `retained V8 heap (after a full GC) grows < ${b.retainedHeapGrowthMb} MB over the run`,
      met: growth.every(
        (g) => g.retainedEnd - g.retainedStart < b.retainedHeapGrowthMb,
      ),
      detail: each(
        (g) =>
          `${mb(g.retainedStart)} → ${mb(g.retainedEnd)} MB (+${mb(g.retainedEnd - g.retainedStart)})`,
      ),
    },
    {
      target: `native memory bound to JavaScript objects (\`external\`, buffers included) grows < ${b.externalGrowthMb} MB after the warm-up (${warmUp})`,
      met: growth.every(
        (g) => g.externalHighest - g.externalAtWarmUp < b.externalGrowthMb,
      ),
      detail: each(
        (g) =>
          `${g.externalAtWarmUp.toFixed(1)} → highest ${g.externalHighest.toFixed(1)} MB (+${(g.externalHighest - g.externalAtWarmUp).toFixed(1)})`,
      ),
    },
    {
      target: `RSS of the replica with a capped heap (${b.capped.replica}, \`--max-old-space-size=${b.capped.maxOldSpaceMb}\`) grows < ${b.cappedRssGrowthMb} MB after the warm-up`,
      met:
        capped !== undefined &&
        capped.rssHighest - capped.rssAtWarmUp < b.cappedRssGrowthMb,
      detail: capped
        ? `${mb(capped.rssAtWarmUp)} → highest ${mb(capped.rssHighest)} MB (+${mb(capped.rssHighest - capped.rssAtWarmUp)})`
        : `no replica ${b.capped.replica}`,
    },
    {
      target: `RSS of every replica < ${b.rssCeilingMb} MB (sanity ceiling; default heap: V8 lets garbage pile up)`,
      met: growth.every((g) => g.rssPeak < b.rssCeilingMb),
      detail: each(
        (g) =>
          `highest ${mb(g.rssPeak)} MB (after warm-up +${mb(g.rssHighest - g.rssAtWarmUp)}), end ${mb(g.rssEnd)} MB`,
      ),
    },
  ];
}
