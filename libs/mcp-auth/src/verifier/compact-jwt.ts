import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { InvalidTokenError } from '../errors/mcp-auth.errors.js';

/** A JWT in compact serialisation, decoded once: nothing in it is verified yet. */
export interface CompactJwt {
  readonly header: ProtectedHeaderParameters;
  readonly payload: JWTPayload;
  /** `BASE64URL(header) '.' BASE64URL(payload)`: the bytes the signature covers (ASCII). */
  readonly signingInput: string;
  readonly signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits and decodes a compact JWT. Header and payload must be canonical base64url (no padding,
 * unused trailing bits zero, RFC 4648 §3.5) of JSON objects, and so must the signature unless it
 * is empty (an unsecured JWS, which the algorithm allowlist refuses next). A token thus has one
 * spelling only: a re-encoded signature cannot pass as a different token. Throws
 * `InvalidTokenError('malformed')` otherwise.
 */
export function parseCompactJwt(token: string): CompactJwt {
  const parts = token.split('.');
  if (
    parts.length !== 3 ||
    !isCanonicalBase64url(parts[0]) ||
    !isCanonicalBase64url(parts[1]) ||
    (parts[2] !== '' && !isCanonicalBase64url(parts[2]))
  ) {
    throw new InvalidTokenError('malformed');
  }
  const [header, payload, signature] = parts;
  return {
    header: jsonObject(header) as ProtectedHeaderParameters,
    payload: jsonObject(payload) as JWTPayload,
    signingInput: token.slice(0, header.length + payload.length + 1),
    signature: Buffer.from(signature, 'base64url'),
  };
}

/** True when `part` is base64url without padding whose unused trailing bits are zero. */
export function isCanonicalBase64url(part: string): boolean {
  if (!BASE64URL.test(part)) return false;
  const tail = part.length % 4;
  if (tail === 0) return true;
  if (tail === 1) return false;
  const last = ALPHABET.indexOf(part[part.length - 1]);
  // 2 characters carry 1 byte (4 spare bits), 3 characters carry 2 bytes (2 spare bits).
  return (last & (tail === 2 ? 0b1111 : 0b11)) === 0;
}

function jsonObject(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(Buffer.from(part, 'base64url')));
  } catch {
    throw new InvalidTokenError('malformed');
  }
  if (!isPlainObject(value)) throw new InvalidTokenError('malformed');
  return value;
}

/** A JSON object (not an array or null), as jose requires of JOSE headers and JWT claims. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
