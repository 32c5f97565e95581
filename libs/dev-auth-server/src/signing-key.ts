import { readFile } from 'node:fs/promises';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JWK,
} from 'jose';
import { DevAuthServerConfigError } from './dev-auth-server.errors.js';

/** Algorithm of every token the development authorization server signs. */
export const DEV_SIGNING_ALGORITHM = 'RS256';

/** Generates a fresh private RS256 JWK (with `kid`, `alg`, `use`) in memory; nothing is downloaded. */
export async function generateDevSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(DEV_SIGNING_ALGORITHM, {
    extractable: true,
  });
  return prepareSigningKey(await exportJWK(privateKey), 'generated key');
}

/**
 * Reads a private RSA JWK (a JSON object) from `path`, e.g. to keep the same key (and so the same
 * tokens' validity) across restarts. Throws an error naming the file when it is missing or invalid.
 */
export async function loadDevSigningKey(path: string): Promise<JWK> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DevAuthServerConfigError(
      `signing key file ${path}`,
      code === 'ENOENT'
        ? 'not found (expected a private RS256 JWK as JSON)'
        : `cannot be read: ${(error as Error).message}`,
      { cause: error },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DevAuthServerConfigError(
      `signing key file ${path}`,
      'is not valid JSON (expected a private RS256 JWK)',
      { cause: error },
    );
  }
  return prepareSigningKey(parsed, `signing key file ${path}`);
}

/**
 * Checks that `value` is a private RSA JWK usable for RS256 and returns a copy with `alg: RS256`,
 * `use: sig` and a `kid` (its RFC 7638 thumbprint when absent). `label` names the key in errors.
 */
export async function prepareSigningKey(
  value: unknown,
  label = 'signingKey',
): Promise<JWK> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DevAuthServerConfigError(
      label,
      'must be a JWK object (a private RS256 key)',
    );
  }
  const jwk = { ...(value as JWK) };
  const missing = (['n', 'e', 'd'] as const).filter(
    (member) => typeof jwk[member] !== 'string' || jwk[member] === '',
  );
  if (jwk.kty !== 'RSA' || missing.length > 0) {
    throw new DevAuthServerConfigError(
      label,
      'must be a private RSA JWK: kty "RSA" with "n", "e" and "d"' +
        (jwk.kty === 'RSA' ? ` (missing ${missing.join(', ')})` : ''),
    );
  }
  if (jwk.alg !== undefined && jwk.alg !== DEV_SIGNING_ALGORITHM) {
    throw new DevAuthServerConfigError(
      label,
      `has alg "${jwk.alg}"; only ${DEV_SIGNING_ALGORITHM} is supported`,
    );
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') {
    throw new DevAuthServerConfigError(
      label,
      `has use "${jwk.use}"; it must be "sig"`,
    );
  }
  jwk.alg = DEV_SIGNING_ALGORITHM;
  jwk.use = 'sig';
  jwk.kid ??= await calculateJwkThumbprint(jwk);
  return jwk;
}
