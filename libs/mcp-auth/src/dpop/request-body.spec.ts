import { describe, expect, it } from '@jest/globals';
import { rawBodyOf } from './request-body.js';

describe('rawBodyOf (the exact bytes for content_digest)', () => {
  it('is the kept raw body when there is one', () => {
    const raw = Buffer.from('{"a":1}');
    expect(rawBodyOf({ rawBody: raw, headers: {} })).toBe(raw);
  });

  it('is empty for a request without a body (RFC 9112 §6.3)', () => {
    expect(rawBodyOf({ headers: {} })).toEqual(new Uint8Array(0));
    expect(rawBodyOf({ headers: { 'content-length': '0' } })).toEqual(
      new Uint8Array(0),
    );
  });

  it('is unknown for a body that was not kept, never an empty one', () => {
    expect(rawBodyOf({ headers: { 'content-length': '7' } })).toBeUndefined();
    expect(
      rawBodyOf({ headers: { 'transfer-encoding': 'chunked' } }),
    ).toBeUndefined();
    expect(
      rawBodyOf({ headers: { 'content-length': '7' }, rawBody: '{"a":1}' }),
    ).toBeUndefined();
  });
});
