import { importJWK, type CryptoKey, type JWK } from 'jose';

/**
 * One published public JWK and its imported `CryptoKey`s, imported once per algorithm on first
 * use and reused by every later token (and across JWKS refreshes that keep the key).
 */
export class ImportedJwk {
  private static readonly byKey = new WeakMap<CryptoKey, ImportedJwk>();
  private readonly imports = new Map<string, Promise<CryptoKey | undefined>>();
  /** Set when a JWKS refresh no longer publishes this key. */
  retired = false;

  /** The published JWK a key was imported from (`undefined` for a key not imported here). */
  static of(key: CryptoKey): ImportedJwk | undefined {
    return ImportedJwk.byKey.get(key);
  }

  constructor(
    readonly jwk: Readonly<JWK>,
    /** Called once when the key cannot be imported for an algorithm. */
    private readonly onImportError: (alg: string, error: unknown) => void,
  ) {}

  /** Canonical JSON of a JWK (members sorted), to recognise the same key in a later JWKS. */
  static fingerprint(jwk: Readonly<JWK>): string {
    return JSON.stringify(jwk, Object.keys(jwk).sort());
  }

  /** The public key for `alg`, or `undefined` when this JWK cannot be imported as one. */
  keyFor(alg: string): Promise<CryptoKey | undefined> {
    let key = this.imports.get(alg);
    if (!key) {
      key = importJWK({ ...this.jwk }, alg)
        .then((imported) => {
          if (imported instanceof Uint8Array || imported.type !== 'public') {
            throw new TypeError('not a public key');
          }
          ImportedJwk.byKey.set(imported, this);
          return imported;
        })
        .catch((error: unknown) => {
          this.onImportError(alg, error);
          return undefined;
        });
      this.imports.set(alg, key);
    }
    return key;
  }
}
