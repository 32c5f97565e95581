import type { TimelineSample } from './memory-timeline.js';

const COLUMNS = [
  'at',
  'phase',
  'replica',
  'rss',
  'rssAnon',
  'heapUsed',
  'heapTotal',
  'external',
  'arrayBuffers',
] as const;

/** Every sample as CSV (bytes, seconds), one row per replica and tick. */
export function timelineCsv(samples: readonly TimelineSample[]): string {
  return [
    COLUMNS.join(','),
    ...samples.map((s) =>
      COLUMNS.map((c) => (c === 'at' ? s.at.toFixed(1) : String(s[c]))).join(
        ',',
      ),
    ),
    '',
  ].join('\n');
}

/** One replica's memory over one phase: the last sample in it and the highest RSS seen. */
export interface PhaseMemory {
  readonly phase: string;
  readonly replica: string;
  readonly samples: number;
  readonly last: TimelineSample;
  readonly maxRss: number;
}

/** The timeline per phase (in `phases` order) and replica; phases without a sample are left out. */
export function memoryByPhase(
  samples: readonly TimelineSample[],
  phases: readonly string[],
  replicas: readonly string[],
): PhaseMemory[] {
  return phases.flatMap((phase) =>
    replicas.flatMap((replica) => {
      const own = samples.filter(
        (s) => s.phase === phase && s.replica === replica,
      );
      if (own.length === 0) return [];
      return [
        {
          phase,
          replica,
          samples: own.length,
          last: own[own.length - 1],
          maxRss: Math.max(...own.map((s) => s.rss)),
        },
      ];
    }),
  );
}

const mb = (bytes: number) =>
  Number.isNaN(bytes) ? '–' : (bytes / 2 ** 20).toFixed(1);

/** The timeline per phase as Markdown lines (a table, one row per phase and replica). */
export function memoryTimelineMarkdown(
  rows: readonly PhaseMemory[],
  intervalSeconds: number,
  replicaEnv: Readonly<Record<string, Record<string, string>>>,
): string[] {
  const extra = Object.entries(replicaEnv).map(
    ([replica, vars]) =>
      `${replica} runs with ${Object.entries(vars)
        .map(([name, value]) => `\`${name}=${value}\``)
        .join(', ')}`,
  );
  return [
    '## Memory over time',
    '',
    `${extra.length > 0 ? `${extra.join('; ')}; the others` : 'The replicas'} run with Node's defaults (V8 sizes its heap from the machine's memory).`,
    `Every replica sampled every ${intervalSeconds} s through the run (\`process.memoryUsage()\` without a`,
    'forced GC, so `heap used` includes garbage; anonymous RSS from `/proc/<pid>/status`: heap,',
    'malloc arenas and stacks, without the mapped executable). Figures in MB at the last sample of',
    'each phase, and the highest RSS seen in it.',
    '',
    '| phase | replica | samples | RSS | highest RSS | anonymous RSS | heap total | heap used | external | array buffers |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.phase} | ${r.replica} | ${r.samples} | ${mb(r.last.rss)} | ${mb(r.maxRss)} | ${mb(r.last.rssAnon)} | ${mb(r.last.heapTotal)} | ${mb(r.last.heapUsed)} | ${mb(r.last.external)} | ${mb(r.last.arrayBuffers)} |`,
    ),
    '',
  ];
}
