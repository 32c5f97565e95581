/** The `p`-th percentile (0..100) of `sorted` (ascending), nearest-rank; NaN when empty. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Collects numbers in a growing buffer. */
export class LatencyRecorder {
  private buffer = new Float64Array(4096);
  private size = 0;

  record(value: number): void {
    if (this.size === this.buffer.length) {
      const bigger = new Float64Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.size++] = value;
  }

  /** A copy of the recorded values, in recording order. */
  values(): Float64Array {
    return this.buffer.slice(0, this.size);
  }
}
