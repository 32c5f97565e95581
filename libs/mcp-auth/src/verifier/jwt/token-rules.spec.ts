import { describe, expect, it } from '@jest/globals';
import { headerProblem, ownerClaimsProblem } from './token-rules.js';

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
