import {
  calculateJwkThumbprint,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';

/** A proof's public key, imported, with its RFC 7638 SHA-256 thumbprint. */
export interface ProofKey {
  readonly key: CryptoKey;
  readonly jkt: string;
}

/** JWK members that only a private (or symmetric) key has (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/**
 * The keys of DPoP proofs by their encoded protected header (which holds `typ`, `alg` and `jwk`,
 * the same on every proof of a client): a client's key is imported and hashed once, not per
 * request. Bounded: once full, the oldest entry goes first.
 */
export class ProofKeys {
  private readonly keys = new Map<string, Promise<ProofKey | null>>();
  /** The same, once imported: a client's later proofs find their key without a promise. */
  private readonly ready = new Map<string, ProofKey | null>();

  constructor(private readonly maxEntries = 1024) {}

  /**
   * The key of the proof whose encoded header is `encodedHeader` (decoded: `jwk`, `alg`): at once
   * when imported before, else a promise; `null` when `jwk` is not a public asymmetric key usable
   * with `alg`.
   */
  keyOf(
    encodedHeader: string,
    jwk: unknown,
    alg: string,
  ): ProofKey | null | Promise<ProofKey | null> {
    const ready = this.ready.get(encodedHeader);
    if (ready !== undefined) return ready;
    let key = this.keys.get(encodedHeader);
    if (!key) {
      key = importProofKey(jwk, alg).then((imported) => {
        if (this.keys.has(encodedHeader)) {
          this.ready.set(encodedHeader, imported);
        }
        return imported;
      });
      if (this.keys.size >= this.maxEntries) {
        const oldest = this.keys.keys().next().value as string;
        this.keys.delete(oldest);
        this.ready.delete(oldest);
      }
      this.keys.set(encodedHeader, key);
    }
    return key;
  }
}

async function importProofKey(
  value: unknown,
  alg: string,
): Promise<ProofKey | null> {
  const jwk = publicJwkOf(value);
  if (!jwk) return null;
  try {
    const key = await importJWK({ ...jwk }, alg);
    if (key instanceof Uint8Array || key.type !== 'public') return null;
    return { key, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
  } catch {
    return null;
  }
}

/** The `jwk` header when it is a public key JWK (RFC 9449 §4.3 step 7), else `undefined`. */
function publicJwkOf(value: unknown): JWK | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const jwk = value as JWK;
  if (!['RSA', 'EC', 'OKP'].includes(jwk.kty as string)) return undefined;
  return PRIVATE_MEMBERS.some((member) => member in jwk) ? undefined : jwk;
}
