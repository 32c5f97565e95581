import { McpServerConfigError } from '../mcp-server.errors.js';

/** Parses the text of an environment variable; throws a `McpServerConfigError` naming the variable. */
export type EnvParser<V> = (text: string, variable: string) => V;

/** The text as given. */
export const envText: EnvParser<string> = (text) => text;

/** `true`/`false` (also `1`/`0`, `yes`/`no`, any case). */
export const envBoolean: EnvParser<boolean> = (text, variable) => {
  const value = text.toLowerCase();
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw new McpServerConfigError(
    variable,
    `"${text}" is not a boolean; set it to true or false`,
  );
};

/** A whole number of at least 1 (`_` separators allowed, e.g. `10_000`). */
export const envPositiveInteger: EnvParser<number> = (text, variable) => {
  const value = Number(text.replace(/_/g, ''));
  if (!/^[0-9_]+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new McpServerConfigError(
      variable,
      `"${text}" is not a whole number of at least 1; set a positive integer such as 100`,
    );
  }
  return value;
};

/** A comma- or space-separated list. */
export const envList: EnvParser<string[]> = (text) =>
  text.split(/[\s,]+/).filter((item) => item !== '');
