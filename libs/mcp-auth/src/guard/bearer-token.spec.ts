import { describe, expect, it } from '@jest/globals';
import {
  InvalidRequestError,
  InvalidTokenError,
  MissingCredentialsError,
} from '../errors/mcp-auth.errors.js';
import {
  authorizationCredentials,
  extractBearerToken,
} from './bearer-token.js';

const withHeader = (...values: string[]) => ({
  headers: {},
  headersDistinct: { authorization: values },
});

describe('extractBearerToken (RFC 6750 §2.1)', () => {
  it('reads the token after "Bearer", scheme case-insensitive', () => {
    expect(extractBearerToken(withHeader('Bearer abc.def.ghi'))).toBe(
      'abc.def.ghi',
    );
    expect(extractBearerToken(withHeader('bearer abc.def.ghi'))).toBe(
      'abc.def.ghi',
    );
    expect(extractBearerToken(withHeader('BEARER abc.def.ghi'))).toBe(
      'abc.def.ghi',
    );
  });

  it('falls back to headers.authorization when headersDistinct is absent', () => {
    expect(
      extractBearerToken({ headers: { authorization: 'Bearer t0k3n' } }),
    ).toBe('t0k3n');
  });

  it.each([
    ['no header', { headers: {} }],
    ['another scheme', withHeader('Basic dXNlcjpwYXNz')],
    ['Token scheme', withHeader('Token abc')],
    ['Bearer alone', withHeader('Bearer')],
    ['Bearer and spaces', withHeader('Bearer    ')],
    ['scheme glued to token', withHeader('Bearerabc.def.ghi')],
  ])('treats %s as missing credentials', (_label, request) => {
    expect(() => extractBearerToken(request)).toThrow(MissingCredentialsError);
  });

  it('rejects two Authorization headers as an invalid request', () => {
    expect(() =>
      extractBearerToken(withHeader('Bearer a', 'Bearer b')),
    ).toThrow(InvalidRequestError);
  });

  it.each([
    ['a quote', 'Bearer ab"c'],
    ['an inner space', 'Bearer abc def'],
    ['non-ASCII', 'Bearer abcé'],
    ['a comma', 'Bearer a,b'],
  ])('rejects a token containing %s as invalid_token', (_label, value) => {
    expect(() => extractBearerToken(withHeader(value))).toThrow(
      InvalidTokenError,
    );
  });
});

describe('authorizationCredentials (RFC 6750 §2.1, RFC 9449 §7.1)', () => {
  it('reads the Bearer and the DPoP scheme, each case-insensitive', () => {
    expect(
      authorizationCredentials(withHeader('Bearer a.b.c'), true, true),
    ).toEqual({
      scheme: 'Bearer',
      token: 'a.b.c',
    });
    expect(
      authorizationCredentials(withHeader('dpop a.b.c'), true, true),
    ).toEqual({
      scheme: 'DPoP',
      token: 'a.b.c',
    });
  });

  it('treats a scheme that is not accepted as missing credentials', () => {
    expect(() =>
      authorizationCredentials(withHeader('DPoP a.b.c'), true, false),
    ).toThrow(MissingCredentialsError);
    expect(() =>
      authorizationCredentials(withHeader('Bearer a.b.c'), false, true),
    ).toThrow(MissingCredentialsError);
    expect(() =>
      authorizationCredentials(withHeader('DPoP'), true, true),
    ).toThrow(MissingCredentialsError);
  });
});
