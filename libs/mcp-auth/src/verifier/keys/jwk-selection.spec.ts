import { describe, expect, it } from '@jest/globals';
import type { JWK } from 'jose';
import { canVerify, selectKeys } from './jwk-selection.js';

const rsa: JWK = { kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'r1' };
const p256: JWK = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'e1' };
const ed: JWK = { kty: 'OKP', crv: 'Ed25519', x: 'x', kid: 'o1' };

describe('canVerify (RFC 7517 §4, RFC 7518 §3)', () => {
  it.each<[string, JWK, string, boolean]>([
    ['RSA for RS256', rsa, 'RS256', true],
    ['RSA for PS512', rsa, 'PS512', true],
    ['RSA for ES256', rsa, 'ES256', false],
    ['P-256 for ES256', p256, 'ES256', true],
    ['P-256 for ES384', p256, 'ES384', false],
    ['Ed25519 for EdDSA', ed, 'EdDSA', true],
    ['Ed25519 for Ed25519', ed, 'Ed25519', true],
    ['Ed448 for EdDSA', { ...ed, crv: 'Ed448' }, 'EdDSA', false],
    ['use sig', { ...rsa, use: 'sig' }, 'RS256', true],
    ['use enc', { ...rsa, use: 'enc' }, 'RS256', false],
    ['key_ops verify', { ...rsa, key_ops: ['verify'] }, 'RS256', true],
    ['key_ops sign only', { ...rsa, key_ops: ['sign'] }, 'RS256', false],
    ['matching alg', { ...rsa, alg: 'RS256' }, 'RS256', true],
    ['other alg', { ...rsa, alg: 'RS384' }, 'RS256', false],
    ['oct for HS256', { kty: 'oct', k: 'c2VjcmV0' }, 'HS256', false],
    ['anything for none', rsa, 'none', false],
    ['anything for toString', rsa, 'toString', false],
  ])('%s → %s', (_label, jwk, alg, expected) => {
    expect(canVerify(jwk, alg)).toBe(expected);
  });
});

describe('selectKeys', () => {
  const entries = [rsa, { ...rsa, kid: 'r2' }, p256].map((jwk) => ({ jwk }));

  it('picks by exact kid when the token has one', () => {
    expect(selectKeys(entries, 'RS256', 'r2').map((e) => e.jwk.kid)).toEqual([
      'r2',
    ]);
    expect(selectKeys(entries, 'RS256', 'R2')).toEqual([]);
    expect(selectKeys(entries, 'ES256', 'r2')).toEqual([]);
  });

  it('without kid, returns every key fitting the alg, in order', () => {
    expect(
      selectKeys(entries, 'RS256', undefined).map((e) => e.jwk.kid),
    ).toEqual(['r1', 'r2']);
  });
});
