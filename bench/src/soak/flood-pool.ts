/** Answers counted by label (`200 opened`, `429`, `-32000`, …). */
export type Outcomes = Record<string, number>;

/** Adds one answer labelled `label` to `outcomes`. */
export function count(outcomes: Outcomes, label: string): void {
  outcomes[label] = (outcomes[label] ?? 0) + 1;
}

/**
 * Runs `attempt(i)` for i = 0 … `attempts` − 1, `concurrency` at a time, stopping early once
 * `done()` says so; resolves when every started attempt has finished.
 */
export async function runPool(
  concurrency: number,
  attempts: number,
  attempt: (index: number) => Promise<void>,
  done: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < attempts && !done()) await attempt(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
