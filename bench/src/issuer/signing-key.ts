import {
  generateKeyPairSync,
  randomUUID,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

/** The RS256 key of the bench issuer: the private half signs, the public JWK is published. */
export interface BenchSigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };
}

/** A fresh 2048-bit RSA key with a random `kid`. */
export function generateBenchKey(): BenchSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  const kid = randomUUID();
  return Object.freeze({
    kid,
    privateKey,
    publicJwk: {
      ...publicKey.export({ format: 'jwk' }),
      kid,
      alg: 'RS256' as const,
      use: 'sig' as const,
    },
  });
}
