import type { BenchParameters } from '../bench-parameters.js';
import { cyclingTokens } from '../issuer/token-source.js';
import { runLoad } from '../load/load-run.js';
import { sliceProblems } from './row-tally.js';

/** Seconds of load on the baseline before its speed is measured. */
const CALIBRATION_WARMUP_SECONDS = 2;

/** How many requests each slice sends and how many rounds run, from the baseline's speed. */
export interface SlicePlan {
  /** Baseline requests per second, measured after a short warmup. */
  readonly rate: number;
  /** Requests per slice: about `sliceSeconds` at baseline speed. */
  readonly sliceAmount: number;
  /** Unmeasured rounds first: about `warmupSeconds` of load per server. */
  readonly warmupRounds: number;
  /** Measured rounds: about `durationSeconds` of load per server. */
  readonly rounds: number;
  /** Non-2xx answers or errors seen on the baseline meanwhile. */
  readonly problems: readonly string[];
}

/**
 * Loads the baseline for a moment, then measures it for one slice (a server just started is
 * slower until its code is optimised) and sizes slices and rounds from that speed.
 */
export async function planSlices(
  baselineUrl: string,
  params: BenchParameters,
  warmTokens: readonly string[],
): Promise<SlicePlan> {
  const problems: string[] = [];
  let rate = 0;
  for (const durationSeconds of [
    CALIBRATION_WARMUP_SECONDS,
    params.sliceSeconds,
  ]) {
    const run = await runLoad({
      url: baselineUrl,
      era: 'legacy',
      connections: params.connections,
      tokens: cyclingTokens(warmTokens),
      durationSeconds,
    });
    problems.push(...sliceProblems('calibration', run));
    rate = run.responses / run.seconds;
  }
  const roundsFor = (seconds: number) =>
    Math.max(1, Math.round(seconds / params.sliceSeconds));
  return {
    rate,
    sliceAmount: Math.max(
      params.connections,
      Math.round(rate * params.sliceSeconds),
    ),
    warmupRounds: roundsFor(params.warmupSeconds),
    rounds: roundsFor(params.durationSeconds),
    problems,
  };
}
