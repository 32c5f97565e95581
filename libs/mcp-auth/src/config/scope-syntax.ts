/** RFC 6749 §3.3 scope-token: 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** True when `value` is a syntactically valid OAuth scope token. */
export function isScopeToken(value: unknown): value is string {
  return typeof value === 'string' && SCOPE_TOKEN.test(value);
}

/** Splits a space- or comma-separated scope list, dropping empty entries. */
export function splitScopeList(value: string): string[] {
  return value.split(/[\s,]+/).filter((scope) => scope.length > 0);
}
