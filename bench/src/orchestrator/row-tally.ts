import type { LoadSlice } from '../load/load-run.js';
import { percentile } from '../load/percentile.js';

/** A slice and the CPU time its server process used meanwhile. */
export interface MeasuredSlice {
  readonly load: LoadSlice;
  readonly serverCpuMicros: number;
}

/** Figures of a row over all its slices. */
export interface RowFigures {
  readonly responses: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  /** CPU time of the server process per response, in microseconds. */
  readonly serverCpuMicrosPerRequest: number;
}

/** Requests per second of one slice. */
export function sliceRate({ load }: MeasuredSlice): number {
  return load.seconds > 0 ? load.responses / load.seconds : 0;
}

/** Adds up slices: throughput over their total time, percentiles over all their responses. */
export function rowFigures(slices: readonly MeasuredSlice[]): RowFigures {
  const sum = (pick: (s: MeasuredSlice) => number) =>
    slices.reduce((total, s) => total + pick(s), 0);
  const responses = sum((s) => s.load.responses);
  const seconds = sum((s) => s.load.seconds);
  const latencies = new Float64Array(sum((s) => s.load.latenciesMs.length));
  let offset = 0;
  for (const { load } of slices) {
    latencies.set(load.latenciesMs, offset);
    offset += load.latenciesMs.length;
  }
  latencies.sort();
  return {
    responses,
    seconds,
    requestsPerSecond: seconds > 0 ? responses / seconds : 0,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    non2xx: sum((s) => s.load.non2xx),
    errors: sum((s) => s.load.errors),
    serverCpuMicrosPerRequest: sum((s) => s.serverCpuMicros) / responses,
  };
}

/** Why a load run makes its server's rows invalid: non-2xx answers or connection errors. */
export function sliceProblems(phase: string, load: LoadSlice): string[] {
  const problems: string[] = [];
  if (load.non2xx > 0) {
    problems.push(
      `${phase}: ${load.non2xx} non-2xx answers ${JSON.stringify(load.statusCodes)}`,
    );
  }
  if (load.errors > 0) {
    problems.push(`${phase}: ${load.errors} connection errors or timeouts`);
  }
  return problems;
}
