import { CompactSign, exportSPKI, type CryptoKey } from 'jose';
import { createHmac, webcrypto } from 'node:crypto';
import type { TestSigningKey } from '@nest-mcp/auth/testing';

/** base64url of a UTF-8 string. */
export const b64url = (text: string): string =>
  Buffer.from(text).toString('base64url');

/** Signs arbitrary payload text (not necessarily a JSON object) with a real key. */
export async function signRaw(
  key: { privateKey: CryptoKey; alg: string; kid: string },
  payloadText: string,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(payloadText))
    .setProtectedHeader({
      alg: key.alg,
      kid: key.kid,
      typ: 'at+jwt',
      ...header,
    })
    .sign(key.privateKey);
}

/** WebCrypto signing parameters of each JWS algorithm (RFC 7518 §3). */
const SUBTLE_PARAMS: Record<
  string,
  webcrypto.AlgorithmIdentifier | webcrypto.EcdsaParams | webcrypto.RsaPssParams
> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  RS384: { name: 'RSASSA-PKCS1-v1_5' },
  RS512: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
  PS384: { name: 'RSA-PSS', saltLength: 48 },
  PS512: { name: 'RSA-PSS', saltLength: 64 },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  ES384: { name: 'ECDSA', hash: 'SHA-384' },
  ES512: { name: 'ECDSA', hash: 'SHA-512' },
  EdDSA: { name: 'Ed25519' },
  Ed25519: { name: 'Ed25519' },
};

/**
 * Signs `header.payload` exactly as given (any header, any payload text, no checks), so tests can
 * build tokens that jose refuses to produce (unknown `crit`, `b64: false`).
 */
export async function signVerbatim(
  key: { privateKey: CryptoKey; alg: string },
  header: Record<string, unknown>,
  encodedPayload: string,
): Promise<string> {
  const input = `${b64url(JSON.stringify(header))}.${encodedPayload}`;
  const signature = await webcrypto.subtle.sign(
    SUBTLE_PARAMS[key.alg],
    key.privateKey as unknown as webcrypto.CryptoKey,
    new TextEncoder().encode(input),
  );
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}

/** An unsigned token (`alg: none`). */
export function unsignedToken(payload: object, alg = 'none'): string {
  return `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.`;
}

/** The classic key-confusion forgery: HS256 keyed with the issuer's public key in PEM form. */
export async function hmacWithPublicKey(
  key: TestSigningKey,
  payload: object,
): Promise<string> {
  const pem = await exportSPKI(key.publicKey);
  const signingInput = `${b64url(JSON.stringify({ alg: 'HS256', kid: key.kid, typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  const signature = createHmac('sha256', pem)
    .update(signingInput)
    .digest('base64url');
  return `${signingInput}.${signature}`;
}

/** An HMAC-signed token (`HS256/384/512`) keyed with `secret`: key-confusion forgeries. */
export function hmacToken(
  secret: string | Buffer,
  alg: 'HS256' | 'HS384' | 'HS512',
  header: Record<string, unknown>,
  payload: object,
): string {
  const input = `${b64url(JSON.stringify({ ...header, alg }))}.${b64url(JSON.stringify(payload))}`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}
