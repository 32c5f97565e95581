import type { CryptoKey } from 'jose';
import {
  constants,
  KeyObject,
  verify,
  type VerifyKeyObjectInput,
} from 'node:crypto';

/** How `node:crypto` verifies one JWS algorithm, and the WebCrypto key it needs (RFC 7518 §3). */
interface AlgorithmProfile {
  readonly hash: string | null;
  readonly keyAlgorithm: string;
  /** SHA-2 name of RSA keys, or the curve of EC keys, that the imported key must carry. */
  readonly keyParameter?: string;
  readonly options?: Omit<VerifyKeyObjectInput, 'key'>;
}

const rsa = (bits: string, name: string, pss: boolean): AlgorithmProfile => ({
  hash: `sha${bits}`,
  keyAlgorithm: name,
  keyParameter: `SHA-${bits}`,
  options: pss
    ? {
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: Number(bits) / 8,
      }
    : undefined,
});
const ec = (bits: string, curve: string): AlgorithmProfile => ({
  hash: `sha${bits}`,
  keyAlgorithm: 'ECDSA',
  keyParameter: curve,
  options: { dsaEncoding: 'ieee-p1363' },
});

const PROFILES: ReadonlyMap<string, AlgorithmProfile> = new Map([
  ['RS256', rsa('256', 'RSASSA-PKCS1-v1_5', false)],
  ['RS384', rsa('384', 'RSASSA-PKCS1-v1_5', false)],
  ['RS512', rsa('512', 'RSASSA-PKCS1-v1_5', false)],
  ['PS256', rsa('256', 'RSA-PSS', true)],
  ['PS384', rsa('384', 'RSA-PSS', true)],
  ['PS512', rsa('512', 'RSA-PSS', true)],
  ['ES256', ec('256', 'P-256')],
  ['ES384', ec('384', 'P-384')],
  ['ES512', ec('512', 'P-521')],
  ['EdDSA', { hash: null, keyAlgorithm: 'Ed25519' }],
  ['Ed25519', { hash: null, keyAlgorithm: 'Ed25519' }],
]);
/** RSA keys shorter than this are refused (RFC 7518 §3.3; jose's check too). */
const MIN_RSA_BITS = 2048;

const keyObjects = new WeakMap<CryptoKey, KeyObject>();

/**
 * Verifies a JWS signature with `node:crypto` on a `KeyObject` derived once from the imported
 * `CryptoKey`, on libuv's thread pool (the event loop stays free, as with WebCrypto) but without
 * WebCrypto's per-call overhead. Resolves `false` for a signature that does not verify, whatever
 * its shape. Returns `undefined` (synchronously) when this algorithm or key is not one it handles
 * exactly like jose: the caller then uses jose.
 */
export function verifyWithNodeCrypto(
  alg: string,
  key: CryptoKey,
  signingInput: string,
  signature: Buffer,
): Promise<boolean> | undefined {
  const profile = PROFILES.get(alg);
  if (!profile || !fits(key, profile)) return undefined;
  const keyObject = keyObjectOf(key);
  const options = { ...profile.options, key: keyObject };
  return new Promise((resolve) => {
    try {
      verify(
        profile.hash,
        Buffer.from(signingInput, 'latin1'),
        options,
        signature,
        (error, valid) => resolve(error === null && valid),
      );
    } catch {
      // As WebCrypto: a signature of the wrong shape does not verify.
      resolve(false);
    }
  });
}

/**
 * As `verifyWithNodeCrypto`, on the calling thread: for a check every request makes (a DPoP
 * proof), where handing a ~70 µs verification to the thread pool would cost more CPU than it
 * frees. `undefined` when this algorithm or key is not one it handles exactly like jose.
 */
export function verifyWithNodeCryptoSync(
  alg: string,
  key: CryptoKey,
  signingInput: string,
  signature: Buffer,
): boolean | undefined {
  const profile = PROFILES.get(alg);
  if (!profile || !fits(key, profile)) return undefined;
  const keyObject = keyObjectOf(key);
  try {
    return verify(
      profile.hash,
      Buffer.from(signingInput, 'latin1'),
      { ...profile.options, key: keyObject },
      signature,
    );
  } catch {
    // As WebCrypto: a signature of the wrong shape does not verify.
    return false;
  }
}

/** The key was imported for exactly this algorithm, as jose checks before verifying. */
function fits(key: CryptoKey, profile: AlgorithmProfile): boolean {
  if (key.type !== 'public' || !key.usages.includes('verify')) return false;
  const algorithm = key.algorithm as {
    name: string;
    hash?: { name: string };
    namedCurve?: string;
    modulusLength?: number;
  };
  if (algorithm.name !== profile.keyAlgorithm) return false;
  if (algorithm.hash) {
    return (
      algorithm.hash.name === profile.keyParameter &&
      (algorithm.modulusLength ?? 0) >= MIN_RSA_BITS
    );
  }
  if (algorithm.namedCurve)
    return algorithm.namedCurve === profile.keyParameter;
  return profile.keyParameter === undefined;
}

/** The `KeyObject` of a WebCrypto key, converted once per key. */
function keyObjectOf(key: CryptoKey): KeyObject {
  let keyObject = keyObjects.get(key);
  if (!keyObject) {
    keyObject = KeyObject.from(key);
    keyObjects.set(key, keyObject);
  }
  return keyObject;
}
