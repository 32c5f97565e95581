import { describe, expect, it } from '@jest/globals';
import { InvalidTokenError } from '../../errors/mcp-auth.errors.js';
import { isCanonicalBase64url, parseCompactJwt } from './compact-jwt.js';

const b64 = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');
const HEADER = b64({ alg: 'RS256', kid: 'k' });
const PAYLOAD = b64({ iss: 'https://as.example', sub: 'a' });

function malformed(token: string): void {
  let error: unknown;
  try {
    parseCompactJwt(token);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(InvalidTokenError);
  expect((error as InvalidTokenError).reason).toBe('malformed');
}

describe('parseCompactJwt (RFC 7515 §7.1 compact serialisation, RFC 4648 §5 base64url)', () => {
  it('decodes header and payload once and keeps the exact signing input', () => {
    const jwt = parseCompactJwt(`${HEADER}.${PAYLOAD}.AQID`);
    expect(jwt.header).toEqual({ alg: 'RS256', kid: 'k' });
    expect(jwt.payload).toEqual({ iss: 'https://as.example', sub: 'a' });
    expect(jwt.signingInput).toBe(`${HEADER}.${PAYLOAD}`);
    expect([...jwt.signature]).toEqual([1, 2, 3]);
  });

  it('ignores a leading byte order mark, as jose (TextDecoder) does', () => {
    const withBom = Buffer.from('\ufeff{"sub":"a"}').toString('base64url');
    expect(parseCompactJwt(`${HEADER}.${withBom}.AQID`).payload).toEqual({
      sub: 'a',
    });
  });

  it('decodes a header once and shares it, frozen, between tokens', () => {
    const first = parseCompactJwt(`${HEADER}.${PAYLOAD}.AQID`).header;
    const second = parseCompactJwt(
      `${HEADER}.${b64({ sub: 'b' })}.AQID`,
    ).header;
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('accepts an empty signature (unsecured JWS: refused later by the algorithm allowlist)', () => {
    expect(parseCompactJwt(`${HEADER}.${PAYLOAD}.`).signature).toHaveLength(0);
  });

  it('refuses every other spelling of the same signature bytes (unused trailing bits set)', () => {
    // One byte 0x01 is "AQ"; "AR".."Af" decode to the same byte with spare bits set.
    expect(isCanonicalBase64url('AQ')).toBe(true);
    for (const last of 'RSTUVWXYZabcdef') {
      expect(isCanonicalBase64url(`A${last}`)).toBe(false);
      malformed(`${HEADER}.${PAYLOAD}.A${last}`);
    }
    // Two bytes 0x01 0x02 are "AQI"; "AQJ" carries a spare bit.
    expect(isCanonicalBase64url('AQI')).toBe(true);
    malformed(`${HEADER}.${PAYLOAD}.AQJ`);
  });

  it.each([
    ['two segments', `${HEADER}.${PAYLOAD}`],
    ['four segments', `${HEADER}.${PAYLOAD}.AQID.AQID`],
    ['padding', `${HEADER}.${PAYLOAD}.AQ==`],
    ['standard base64 alphabet', `${HEADER}.${PAYLOAD}.a+b/`],
    ['impossible length', `${HEADER}.${PAYLOAD}.AQIDB`],
    ['empty header', `.${PAYLOAD}.AQID`],
    [
      'header not JSON',
      `${Buffer.from('{').toString('base64url')}.${PAYLOAD}.AQID`,
    ],
    ['header an array', `${b64(['RS256'])}.${PAYLOAD}.AQID`],
    ['payload a string', `${HEADER}.${b64('claims')}.AQID`],
    ['payload null', `${HEADER}.${b64(null)}.AQID`],
    [
      'payload not UTF-8',
      `${HEADER}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.AQID`,
    ],
  ])('refuses %s as malformed', (_name, token) => malformed(token));
});
