import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';

/** A signing key pair with its public JWK (carrying `kid`, `alg`, `use`). */
export interface TestSigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** Generates a fresh key pair for `alg` (default RS256), extractable so tests can export it. */
export async function generateSigningKey(
  alg = 'RS256',
  kid: string = randomUUID(),
): Promise<TestSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
  });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return Object.freeze({ kid, alg, privateKey, publicKey, publicJwk });
}
