import {
  rowFigures,
  sliceRate,
  type MeasuredSlice,
  type RowFigures,
} from './row-tally.js';
import {
  BASELINE_SLOT,
  ROWS,
  type RowSpec,
  type ServerSlot,
} from './server-slots.js';

/** One row of the table. */
export interface BenchRow {
  readonly spec: RowSpec;
  readonly figures: RowFigures;
  /**
   * Each slice against its local baseline: the mean of the baseline slices just before and after
   * it (a baseline slice: against the mean of all baseline slices).
   */
  readonly sliceRatios: readonly number[];
  /** Server CPU per response of each slice, in microseconds, in round order. */
  readonly sliceCpuMicros: readonly number[];
  /** Why the row is invalid; empty when valid. */
  readonly problems: readonly string[];
}

/**
 * Builds the table rows from the slices of each server. The baseline has one slice more than the
 * others (round `r` of every other server sits between baseline slices `r` and `r + 1`); its
 * slices are split into a first and a second half of the run.
 */
export function benchRows(
  slices: ReadonlyMap<ServerSlot, readonly MeasuredSlice[]>,
  problems: ReadonlyMap<ServerSlot, readonly string[]>,
): BenchRow[] {
  // The rows of the servers that ran (see `selectSlots`).
  const rows = ROWS.filter((spec) => slices.has(spec.slot));
  const baseline = slices.get(BASELINE_SLOT) ?? [];
  const baselineRates = baseline.map(sliceRate);
  const baselineMean =
    baselineRates.reduce((sum, rate) => sum + rate, 0) / baselineRates.length;
  const firstHalf = Math.ceil(baseline.length / 2);
  return rows.map((spec) => {
    const own = slices.get(spec.slot) ?? [];
    const selected =
      spec.half === 'first'
        ? own.slice(0, firstHalf)
        : spec.half === 'second'
          ? own.slice(firstHalf)
          : own;
    const sliceRatios = spec.half
      ? selected.map((s) => sliceRate(s) / baselineMean)
      : selected.map(
          (s, round) =>
            sliceRate(s) /
            ((baselineRates[round] + baselineRates[round + 1]) / 2),
        );
    return {
      spec,
      figures: rowFigures(selected),
      sliceRatios,
      sliceCpuMicros: selected.map((s) =>
        s.load.responses > 0 ? s.serverCpuMicros / s.load.responses : 0,
      ),
      problems: problems.get(spec.slot) ?? [],
    };
  });
}
