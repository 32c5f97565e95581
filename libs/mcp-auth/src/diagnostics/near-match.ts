import { logValue } from './log-value.js';

/**
 * When `presented` differs from one of `expected` only by a trailing slash or letter case, a
 * short hint naming both (log-safe); `undefined` otherwise.
 */
export function nearMatch(
  presented: unknown,
  expected: readonly string[],
): string | undefined {
  if (typeof presented !== 'string') return undefined;
  const trim = (value: string) => value.replace(/\/+$/, '');
  for (const candidate of expected) {
    if (candidate === presented) continue;
    if (trim(candidate) === trim(presented)) {
      return `${logValue(presented)} differs from ${logValue(candidate)} only in a trailing slash`;
    }
    if (candidate.toLowerCase() === presented.toLowerCase()) {
      return `${logValue(presented)} differs from ${logValue(candidate)} only in letter case`;
    }
  }
  return undefined;
}
