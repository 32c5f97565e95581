import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import { isScopeToken, splitScopeList } from './scope-syntax.js';

/**
 * The validation kit of `@nest-mcp/auth` options: each check takes the option's name and its raw
 * value (`undefined` when not given) and returns the value to use, or throws a
 * `McpAuthConfigError` naming the option and the fix.
 */
export type OptionCheck<R> = (option: string, value: unknown) => R;

/** Parses the text of an environment variable; throws a `McpAuthConfigError` naming the variable. */
export type EnvParser<V> = (text: string, variable: string) => V;

/** A number of seconds in `[min, max]`; `fallback` when not given. */
export function seconds(
  min: number,
  max: number,
): OptionCheck<number | undefined>;
export function seconds(
  min: number,
  max: number,
  fallback: number,
): OptionCheck<number>;
export function seconds(min: number, max: number, fallback?: number) {
  return (option: string, value: unknown) =>
    numberIn(option, value, min, max, 'a number of seconds') ?? fallback;
}

/** A whole number in `[min, max]` (of `unit` when given); `fallback` when not given. */
export function count(
  min: number,
  max: number,
  fallback: number,
  unit?: string,
): OptionCheck<number> {
  const what = unit ? `a whole number of ${unit}` : 'a whole number';
  return (option, value) => {
    if (value !== undefined && !Number.isInteger(value)) {
      throw new McpAuthConfigError(
        option,
        `must be ${what} between ${min} and ${max}`,
      );
    }
    return numberIn(option, value, min, max, what) ?? fallback;
  };
}

/** A whole number in `[min, max]`, or `undefined` when not given (a default derived later). */
export function optionalCount(
  min: number,
  max: number,
): OptionCheck<number | undefined> {
  const check = count(min, max, 0);
  return (option, value) =>
    value === undefined ? undefined : check(option, value);
}

/** `true` or `false`; `fallback` when not given. */
export function flag(fallback: boolean): OptionCheck<boolean> {
  return (option, value) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      throw new McpAuthConfigError(option, 'must be true or false');
    }
    return value;
  };
}

/** A non-empty string, or `undefined` when not given. */
export const text: OptionCheck<string | undefined> = (option, value) => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new McpAuthConfigError(option, 'must be a non-empty string');
  }
  return value;
};

/**
 * A list of RFC 6749 §3.3 scope tokens, without repeats. `advertised` lists (what the metadata
 * publishes) refuse `offline_access`, which is no resource scope.
 */
export function scopes({
  advertised,
}: {
  advertised: boolean;
}): OptionCheck<readonly string[]> {
  return (option, value) => {
    if (value === undefined) return Object.freeze([]);
    if (!Array.isArray(value)) {
      throw new McpAuthConfigError(option, 'must be an array of scope strings');
    }
    for (const scope of value) {
      if (!isScopeToken(scope)) {
        throw new McpAuthConfigError(
          option,
          `"${String(scope)}" is not a valid scope (printable ASCII, no spaces, quotes or backslashes)`,
        );
      }
      if (advertised && scope === 'offline_access') {
        throw new McpAuthConfigError(
          option,
          '"offline_access" is not a resource scope; remove it (the authorization server handles refresh tokens)',
        );
      }
    }
    return Object.freeze([...new Set(value as string[])]);
  };
}

/** Refuses any key of `value` that is not in `known`, listing the known ones. */
export function rejectUnknownKeys(
  prefix: string,
  value: object,
  known: readonly string[],
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new McpAuthConfigError(
        `${prefix}${key}`,
        `unknown option; known options are ${known.join(', ')}`,
      );
    }
  }
}

function numberIn(
  option: string,
  value: unknown,
  min: number,
  max: number,
  what: string,
): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max
  ) {
    throw new McpAuthConfigError(
      option,
      `must be ${what} between ${min} and ${max}`,
    );
  }
  return value;
}

/** The variable's text as it is (already trimmed by the reader). */
export const envText: EnvParser<string> = (value) => value;

/** A number (the option's own check then applies its range). */
export const envNumber: EnvParser<number> = (value, variable) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) {
    throw new McpAuthConfigError(variable, `"${value}" is not a number`);
  }
  return parsed;
};

/** `true`/`1`/`yes` or `false`/`0`/`no`, in any case. */
export const envBoolean: EnvParser<boolean> = (value, variable) => {
  const lower = value.toLowerCase();
  if (['true', '1', 'yes'].includes(lower)) return true;
  if (['false', '0', 'no'].includes(lower)) return false;
  throw new McpAuthConfigError(variable, `"${value}" is not true or false`);
};

/** A space- or comma-separated scope list. */
export const envScopes: EnvParser<string[]> = (value) => splitScopeList(value);

/** A space- or comma-separated list of names (e.g. algorithms). */
export const envList: EnvParser<string[]> = (value) => splitScopeList(value);

/** A secret of at least `minLength` characters, or `undefined` when not given. */
export function secret(minLength: number): OptionCheck<string | undefined> {
  return (option, value) => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length < minLength) {
      throw new McpAuthConfigError(
        option,
        `must be a string of at least ${minLength} characters (e.g. \`openssl rand -base64 32\`), the same on every replica`,
      );
    }
    return value;
  };
}
