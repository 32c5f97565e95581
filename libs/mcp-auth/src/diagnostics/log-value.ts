/** Longest string value written to a diagnostic line (claims are attacker-controlled). */
const MAX_STRING = 120;
/** Most list entries written (audiences, scopes, issuers); the rest are counted. */
const MAX_ITEMS = 8;

/**
 * A value made safe for one log line: strings JSON-quoted, characters outside printable ASCII
 * replaced by `?`, cut at 120 characters (`...` marks a cut); numbers as they are; anything else
 * by its type only, never its content.
 */
export function logValue(value: unknown): string {
  if (typeof value === 'string') {
    const printable = value.replace(/[^\x20-\x7e]/g, '?');
    return JSON.stringify(
      printable.length > MAX_STRING
        ? `${printable.slice(0, MAX_STRING)}...`
        : printable,
    );
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : `(${String(value)})`;
  }
  if (value === undefined) return '(absent)';
  if (value === null) return '(null)';
  if (Array.isArray(value)) return `(array of ${value.length})`;
  return `(${typeof value})`;
}

/** A list as `["a","b"]`, at most 8 entries (`+N more`); a non-array value as `logValue` writes it. */
export function logList(values: unknown): string {
  if (!Array.isArray(values)) return logValue(values);
  const shown = values.slice(0, MAX_ITEMS).map(logValue);
  const more = values.length - shown.length;
  return `[${shown.join(',')}${more > 0 ? `,+${more} more` : ''}]`;
}

/** A NumericDate with its offset from `now` (seconds): `1733000000(125s ago)`, `(in 30s)`. */
export function logTime(value: unknown, now: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return logValue(value);
  const offset = Math.round(value - now);
  const relative =
    offset === 0 ? 'now' : offset < 0 ? `${-offset}s ago` : `in ${offset}s`;
  return `${value}(${relative})`;
}
