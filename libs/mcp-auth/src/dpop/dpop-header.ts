import type { RequestWithHeaders } from '../guard/bearer-token.js';

/** Every `DPoP` header of a request (RFC 9449 §4.3 step 1 wants exactly one). */
export function dpopHeaderValues(request: RequestWithHeaders): string[] {
  const raw = request.rawHeaders;
  if (raw) {
    const values: string[] = [];
    for (let i = 0; i < raw.length - 1; i += 2) {
      const name = raw[i];
      if (name.length === 4 && name.toLowerCase() === 'dpop')
        values.push(raw[i + 1]);
    }
    return values;
  }
  const distinct = request.headersDistinct?.dpop;
  if (distinct) return distinct;
  const value = request.headers?.dpop;
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
