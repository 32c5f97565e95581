import {
  InvalidRequestError,
  InvalidTokenError,
  MissingCredentialsError,
} from '../errors/mcp-auth.errors.js';

/** RFC 6750 §2.1: `Bearer 1*SP b64token`, scheme case-insensitive. */
const BEARER = /^bearer(?: +(.*))?$/i;
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** The parts of an HTTP request the token extraction reads. */
export interface RequestWithHeaders {
  headers?: Record<string, string | string[] | undefined>;
  rawHeaders?: string[];
  headersDistinct?: Record<string, string[] | undefined>;
}

/**
 * Reads the bearer token from the `Authorization` header only (never query or body,
 * RFC 6750 §2 / MCP). Throws `MissingCredentialsError` when there is none,
 * `InvalidRequestError` for two headers, `InvalidTokenError` for a token of invalid syntax.
 */
export function extractBearerToken(request: RequestWithHeaders): string {
  const values = authorizationValues(request);
  if (values.length === 0) throw new MissingCredentialsError();
  if (values.length > 1)
    throw new InvalidRequestError('duplicate_authorization_header');
  const match = BEARER.exec(values[0].trim());
  const token = match?.[1]?.trim();
  if (!token) throw new MissingCredentialsError();
  if (!B64TOKEN.test(token)) throw new InvalidTokenError('malformed');
  return token;
}

function authorizationValues(request: RequestWithHeaders): string[] {
  // Node's `rawHeaders` keeps every occurrence; a scan is cheaper than building `headersDistinct`.
  const raw = request.rawHeaders;
  if (raw) {
    const values: string[] = [];
    for (let i = 0; i < raw.length - 1; i += 2) {
      const name = raw[i];
      if (name.length === 13 && name.toLowerCase() === 'authorization')
        values.push(raw[i + 1]);
    }
    return values;
  }
  const distinct = request.headersDistinct?.authorization;
  if (distinct) return distinct;
  const value = request.headers?.authorization;
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
