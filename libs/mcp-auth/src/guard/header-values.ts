import { rawHeadersOf } from '../http/http-request.js';
import type { RequestWithHeaders } from './bearer-token.js';

/**
 * Every occurrence of the header `lowerName` (lower case) in a request, in the order received:
 * two `Authorization` (RFC 6750 §2.1) or two `DPoP` (RFC 9449 §4.3 step 1) headers must be told
 * apart from one. Node's `rawHeaders` (on a Fastify request: its `raw` one) keeps every
 * occurrence; a scan is cheaper than building `headersDistinct`.
 */
export function headerValues(
  request: RequestWithHeaders,
  lowerName: string,
): string[] {
  const raw = rawHeadersOf(request);
  if (raw) {
    const values: string[] = [];
    for (let i = 0; i < raw.length - 1; i += 2) {
      const name = raw[i];
      if (name.length === lowerName.length && name.toLowerCase() === lowerName)
        values.push(raw[i + 1]);
    }
    return values;
  }
  const distinct = request.headersDistinct?.[lowerName];
  if (distinct) return distinct;
  const value = request.headers?.[lowerName];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
