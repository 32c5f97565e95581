import { describe, expect, it } from '@jest/globals';
import {
  headerProblem,
  idTokenMarkers,
  idTokenProblem,
  ownerClaimsProblem,
} from './token-rules.js';

const NOW = 1_900_000_000;
const lenient = { algorithms: ['RS256', 'ES256'], requireAtJwt: false };
const strict = { ...lenient, requireAtJwt: true };

describe('headerProblem (RFC 8725 §3.1, §3.11; RFC 9068 §2.1)', () => {
  it.each([
    [{ alg: 'none' }],
    [{ alg: 'HS256' }],
    [{ alg: 'PS256' }],
    [{ alg: 'rs256' }],
    [{}],
    [{ alg: 5 }],
  ])('refuses %j as algorithm_not_allowed', (header) => {
    expect(headerProblem(header as never, lenient)).toBe(
      'algorithm_not_allowed',
    );
  });

  it.each([
    undefined,
    'JWT',
    'jwt',
    'at+jwt',
    'AT+JWT',
    'application/jwt',
    'application/at+jwt',
  ])('accepts typ %j unless at+jwt is required', (typ) => {
    expect(headerProblem({ alg: 'RS256', typ }, lenient)).toBeUndefined();
  });

  it.each(['dpop+jwt', 'logout+jwt', 'application/json', 5, null])(
    'refuses typ %j as wrong_type',
    (typ) => {
      expect(headerProblem({ alg: 'RS256', typ } as never, lenient)).toBe(
        'wrong_type',
      );
    },
  );

  it.each([
    ['at+jwt', undefined],
    ['AT+JWT', undefined],
    ['application/at+jwt', undefined],
    ['Application/AT+JWT', undefined],
    ['JWT', 'wrong_type'],
    [undefined, 'wrong_type'],
    ['application/jwt', 'wrong_type'],
  ])('with at+jwt required: typ %j → %s', (typ, reason) => {
    expect(headerProblem({ alg: 'ES256', typ }, strict)).toBe(reason);
  });

  it('checks the algorithm before the type', () => {
    expect(headerProblem({ alg: 'none', typ: 'dpop+jwt' }, strict)).toBe(
      'algorithm_not_allowed',
    );
  });
});

describe('ownerClaimsProblem (RFC 7519 §2 NumericDate, §4.1.6 iat; RFC 9068 §2.2 sub)', () => {
  const good = { sub: 'alice', exp: NOW + 60, iat: NOW };

  it('accepts a good set of claims, and an iat ahead by at most the tolerance', () => {
    expect(ownerClaimsProblem(good, 60, NOW)).toBeUndefined();
    expect(ownerClaimsProblem({ ...good, iat: NOW + 60 }, 60, NOW)).toBe(
      undefined,
    );
  });

  it.each([
    [{ exp: undefined }, 'bad_claims'],
    [{ exp: '1900000060' }, 'bad_claims'],
    [{ exp: 1e20 }, 'bad_claims'],
    [{ exp: -1 }, 'bad_claims'],
    [{ nbf: 'now' }, 'bad_claims'],
    [{ iat: Number.NaN }, 'bad_claims'],
    [{ iat: NOW + 61 }, 'issued_in_future'],
    [{ sub: undefined }, 'missing_subject'],
    [{ sub: '' }, 'missing_subject'],
    [{ sub: 7 }, 'missing_subject'],
  ])('refuses %j as %s', (patch, reason) => {
    expect(ownerClaimsProblem({ ...good, ...patch } as never, 60, NOW)).toBe(
      reason,
    );
  });
});

describe('idTokenProblem (RFC 8725 §3.11, RFC 9068 §4; OpenID Connect Core §2)', () => {
  it.each([
    [{ nonce: 'n-1' }, ['nonce']],
    [{ at_hash: 'x' }, ['at_hash']],
    [{ c_hash: 'x' }, ['c_hash']],
    [{ s_hash: 'x' }, ['s_hash']],
    [{ typ: 'ID' }, ['typ']],
    [{ nonce: '', at_hash: 'x', typ: 'ID' }, ['nonce', 'at_hash', 'typ']],
  ])('names the ID-token markers of %j', (claims, markers) => {
    expect(idTokenMarkers(claims)).toEqual(markers);
    for (const typ of [undefined, 'JWT', 'jwt', 'application/jwt']) {
      expect(idTokenProblem({ typ }, claims, true)).toBe('id_token');
    }
  });

  it.each([
    [{ typ: 'Bearer', azp: 'web', sid: 's', acr: '1', auth_time: 1 }],
    [{ scp: ['openid'], cid: 'c', uid: 'u', ver: 1 }],
    [{ typ: 'id' }],
    [{ nonces: 'x', hash: 'y' }],
  ])('finds no marker in the access-token claims %j', (claims) => {
    expect(idTokenMarkers(claims)).toEqual([]);
    expect(idTokenProblem({ typ: 'JWT' }, claims, true)).toBeUndefined();
  });

  it.each(['at+jwt', 'AT+JWT', 'application/at+jwt'])(
    'leaves a token typed %j alone (RFC 9068 §2.1: an access token by definition)',
    (typ) => {
      expect(
        idTokenProblem({ typ }, { nonce: 'n', typ: 'ID' }, true),
      ).toBeUndefined();
    },
  );

  it('is off when the issuer does not refuse ID tokens', () => {
    expect(idTokenProblem({}, { nonce: 'n' }, false)).toBeUndefined();
  });
});
