import { InvalidTokenError } from '../errors/mcp-auth.errors.js';
import { parseCompactJwt } from '../verifier/jwt/compact-jwt.js';
import { idTokenMarkers } from '../verifier/jwt/token-rules.js';

/**
 * The members of a presented token an operator may see in a diagnostic: the header's `alg`,
 * `kid`, `typ`, and the claims `iss`, `aud`, `azp`, `client_id`, `scope`, `scp`, `exp`, `nbf`,
 * `iat`; and the names (never the values) of the ID-token claims present. Nothing else is ever
 * read (no `sub`, no custom claims, never the signature). Values are raw: write them with
 * `logValue` / `logList`.
 */
export interface TokenFacts {
  /** Dot-separated parts of the token (a compact JWS has 3). */
  readonly parts: number;
  /** Characters of the token. */
  readonly length: number;
  /** False when header or payload is not canonical base64url of a JSON object. */
  readonly decoded: boolean;
  /** An opaque token: `claims` are its RFC 7662 introspection answer's. */
  readonly introspected?: boolean;
  readonly header: Readonly<Partial<Record<HeaderFact, unknown>>>;
  readonly claims: Readonly<Partial<Record<ClaimFact, unknown>>>;
  /** Names of the OpenID Connect ID-token claims the payload carries (see `idTokenMarkers`). */
  readonly idTokenClaims: readonly string[];
}

/** Header parameters on the diagnostic allowlist. */
export type HeaderFact = 'alg' | 'kid' | 'typ';
/** Claims on the diagnostic allowlist. */
export type ClaimFact =
  'iss' | 'aud' | 'azp' | 'client_id' | 'scope' | 'scp' | 'exp' | 'nbf' | 'iat';

const HEADER_FACTS: readonly HeaderFact[] = ['alg', 'kid', 'typ'];
const CLAIM_FACTS: readonly ClaimFact[] = [
  'iss',
  'aud',
  'azp',
  'client_id',
  'scope',
  'scp',
  'exp',
  'nbf',
  'iat',
];

/** Reads the allowlisted facts of `token` without verifying it; never throws. */
export function readTokenFacts(token: string): TokenFacts {
  const parts = token.split('.').length;
  try {
    const { header, payload } = parseCompactJwt(token);
    return {
      parts,
      length: token.length,
      decoded: true,
      header: pick(header, HEADER_FACTS),
      claims: pick(payload, CLAIM_FACTS),
      idTokenClaims: idTokenMarkers(payload),
    };
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    return {
      parts,
      length: token.length,
      decoded: false,
      header: {},
      claims: {},
      idTokenClaims: [],
    };
  }
}

/**
 * The allowlisted facts of an opaque token: its length, and the members of its RFC 7662
 * introspection answer on the same claim allowlist (the token itself is never read).
 */
export function readAnswerFacts(answer: object, token: string): TokenFacts {
  return {
    parts: token.split('.').length,
    length: token.length,
    decoded: false,
    introspected: true,
    header: {},
    claims: pick(answer, CLAIM_FACTS),
    idTokenClaims: [],
  };
}

function pick<K extends string>(
  source: object,
  keys: readonly K[],
): Partial<Record<K, unknown>> {
  const picked: Partial<Record<K, unknown>> = {};
  for (const key of keys) {
    if (Object.hasOwn(source, key))
      picked[key] = (source as Record<K, unknown>)[key];
  }
  return Object.freeze(picked);
}
