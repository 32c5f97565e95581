import { describe, expect, it } from '@jest/globals';
import { scopesFromClaims } from './scopes-from-claims.js';

describe('scopesFromClaims (RFC 9068 §2.2.3, RFC 8693 §4.2)', () => {
  it.each([
    [{ scope: 'a b' }, ['a', 'b']],
    [{ scope: ' a  b ' }, ['a', 'b']],
    [{ scope: '' }, []],
    [{ scp: ['a', 'b'] }, ['a', 'b']],
    [{ scp: ['a', ''] }, ['a']],
    [{ scp: 'a b' }, ['a', 'b']],
    [{ scope: 'a', scp: ['b'] }, ['a']],
    [{}, []],
  ])('reads %j as %j', (claims, scopes) => {
    expect(scopesFromClaims(claims)).toEqual(scopes);
  });

  it.each([
    ['scope as an array', { scope: ['notes:read', 'notes:write'] }],
    ['scope as an empty array', { scope: [] }],
    ['scope as a number', { scope: 7 }],
    ['scope as an object', { scope: { 'notes:read': true } }],
    ['scope as a boolean', { scope: true }],
    ['scope null', { scope: null }],
    ['scope null next to a good scp', { scope: null, scp: ['a'] }],
    ['scope good next to a number scp', { scope: 'a', scp: 5 }],
    ['scp as a number', { scp: 5 }],
    ['scp as an object', { scp: { a: 1 } }],
    ['scp null', { scp: null }],
    ['scp as an array holding a number', { scp: ['a', 1] }],
    ['scp as an array holding an array', { scp: [['a']] }],
  ])('refuses %s', (_name, claims) => {
    expect(scopesFromClaims(claims as never)).toBeUndefined();
  });
});
