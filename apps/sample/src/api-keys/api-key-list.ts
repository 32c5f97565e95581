import { isScopeToken } from '@nest-mcp/auth';

/** The environment variable with the sample's API keys. */
export const SAMPLE_API_KEYS_ENV = 'SAMPLE_API_KEYS';

/** Shortest API key accepted: a key is a secret, not a password. */
const MIN_KEY_LENGTH = 24;

/** One API key of `SAMPLE_API_KEYS`: the key, who it stands for, and what it may do. */
export interface ApiKeyEntry {
  readonly key: string;
  readonly subject: string;
  readonly scopes: readonly string[];
}

/**
 * Parses `SAMPLE_API_KEYS`, a JSON array of `{ "key", "subject", "scopes" }`. Throws an error
 * naming the variable and the entry at fault, never echoing a key.
 */
export function parseApiKeys(text: string): ApiKeyEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(
      `${SAMPLE_API_KEYS_ENV} is not valid JSON; write [{"key":"…","subject":"ci-bot","scopes":["notes:read"]}]`,
    );
  }
  if (!Array.isArray(parsed)) {
    throw new Error(`${SAMPLE_API_KEYS_ENV} must be a JSON array`);
  }
  const seen = new Set<string>();
  return parsed.map((entry: unknown, index) => {
    const at = `${SAMPLE_API_KEYS_ENV}[${index}]`;
    const { key, subject, scopes } = (entry ?? {}) as Record<string, unknown>;
    if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH) {
      throw new Error(
        `${at}.key must be a string of at least ${MIN_KEY_LENGTH} characters (e.g. openssl rand -base64 32)`,
      );
    }
    if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(key)) {
      throw new Error(
        `${at}.key must be usable as a bearer token (RFC 6750 §2.1 b64token characters)`,
      );
    }
    if (seen.has(key)) throw new Error(`${at}.key is listed twice`);
    seen.add(key);
    if (typeof subject !== 'string' || subject === '') {
      throw new Error(`${at}.subject must be a non-empty string`);
    }
    if (
      !Array.isArray(scopes) ||
      !scopes.every((scope) => typeof scope === 'string' && isScopeToken(scope))
    ) {
      throw new Error(`${at}.scopes must be an array of scope strings`);
    }
    return { key, subject, scopes: [...(scopes as string[])] };
  });
}
