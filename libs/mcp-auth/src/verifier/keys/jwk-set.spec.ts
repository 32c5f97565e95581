import { describe, expect, it } from '@jest/globals';
import type { JWK } from 'jose';
import { parsePublicJwkSet } from './jwk-set.js';

const rsa: JWK = { kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'r1' };
const p256: JWK = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'e1' };

describe('parsePublicJwkSet (RFC 7517 §5)', () => {
  it.each([null, 'x', [], {}, { keys: {} }, { keys: 'a' }])(
    'refuses %j',
    (document) => {
      expect(parsePublicJwkSet(document)).toBeUndefined();
    },
  );

  it('drops malformed entries and entries with private or symmetric material', () => {
    expect(
      parsePublicJwkSet({
        keys: [
          rsa,
          { ...rsa, d: 'secret' },
          { kty: 'oct', k: 'c2VjcmV0' },
          { ...p256, d: 'secret' },
          'junk',
          { n: 'no kty' },
        ],
      }),
    ).toEqual({ keys: [rsa], malformed: 2, secret: 3 });
  });
});
