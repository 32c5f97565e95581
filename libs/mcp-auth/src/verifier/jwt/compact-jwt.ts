import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { isUtf8 } from 'node:buffer';
import { InvalidTokenError } from '../../errors/mcp-auth.errors.js';

/** A JWT in compact serialisation, decoded once: nothing in it is verified yet. */
export interface CompactJwt {
  readonly header: Readonly<ProtectedHeaderParameters>;
  readonly payload: JWTPayload;
  /** `BASE64URL(header) '.' BASE64URL(payload)`: the bytes the signature covers (ASCII). */
  readonly signingInput: string;
  readonly signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Decoded headers by their encoding: an issuer's tokens share a handful of headers. */
const headers = new Map<string, Readonly<ProtectedHeaderParameters>>();
const MAX_REMEMBERED_HEADERS = 64;

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
    header: decodedHeader(header),
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

function decodedHeader(part: string): Readonly<ProtectedHeaderParameters> {
  let header = headers.get(part);
  if (!header) {
    header = Object.freeze(jsonObject(part)) as ProtectedHeaderParameters;
    if (headers.size >= MAX_REMEMBERED_HEADERS) headers.clear();
    headers.set(part, header);
  }
  return header;
}

/** JSON of strict UTF-8 (a leading BOM ignored, as `TextDecoder` does for jose). */
function jsonObject(part: string): Record<string, unknown> {
  const bytes = Buffer.from(part, 'base64url');
  if (!isUtf8(bytes)) throw new InvalidTokenError('malformed');
  let value: unknown;
  try {
    const text = bytes.toString('utf8');
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
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
