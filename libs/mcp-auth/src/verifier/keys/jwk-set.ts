import type { JWK } from 'jose';

/** Members of a private or symmetric JWK (RFC 7518 §6.2.2, §6.3.2, §6.4.1, RFC 8037 §2). */
const SECRET_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The public keys of a JWK Set, and how many entries were left out. */
export interface PublicJwkSet {
  readonly keys: readonly Readonly<JWK>[];
  /** Entries that are not JSON objects with a string `kty`. */
  readonly malformed: number;
  /** Entries carrying private or symmetric key material; never used. */
  readonly secret: number;
}

/**
 * Reads a JWK Set document (RFC 7517 §5). Returns `undefined` when it is not one (not an object
 * with a `keys` array). Entries holding private or symmetric material are dropped, so secrets
 * published by mistake are never imported.
 */
export function parsePublicJwkSet(document: unknown): PublicJwkSet | undefined {
  const keys = (document as { keys?: unknown } | null)?.keys;
  if (
    typeof document !== 'object' ||
    document === null ||
    Array.isArray(document) ||
    !Array.isArray(keys)
  ) {
    return undefined;
  }
  const usable: Readonly<JWK>[] = [];
  let malformed = 0;
  let secret = 0;
  for (const entry of keys as unknown[]) {
    if (!isJwkObject(entry)) malformed += 1;
    else if (SECRET_MEMBERS.some((member) => member in entry)) secret += 1;
    else usable.push(Object.freeze({ ...entry }));
  }
  return { keys: usable, malformed, secret };
}

function isJwkObject(entry: unknown): entry is JWK {
  return (
    typeof entry === 'object' &&
    entry !== null &&
    !Array.isArray(entry) &&
    typeof (entry as JWK).kty === 'string'
  );
}
