import type { CryptoKey } from 'jose';
import { hash } from 'node:crypto';
import { ImportedJwk } from './keys/imported-jwk.js';
import type { ResourceOwner } from './resource-owner.interface.js';

/** A token's SHA-256, base64: the key of every token cache here (the token itself is never kept). */
export function tokenDigest(token: string): string {
  return hash('sha256', token, 'base64');
}

/** What the cache keeps of a verified token: everything but the token itself. */
type CachedOwner = Omit<ResourceOwner, 'token'>;

interface Entry {
  readonly owner: CachedOwner;
  /** The published key that verified the token; the entry dies when the JWKS stops publishing it. */
  readonly signedBy: ImportedJwk;
  /** Epoch milliseconds after which the entry must not be used. */
  readonly usableUntil: number;
  /** Served since it was last inserted or passed over by eviction (its second chance). */
  used: boolean;
}

/**
 * Verified tokens by digest (SHA-256 of the token, see `digestOf`; the token itself is never
 * kept), evicted in least-recently-used order approximated by second chance (CLOCK): a hit only
 * sets a flag, so the hot path never reorders the map. An entry never outlives `exp` (plus the
 * clock tolerance), the TTL, `iat` plus the maximum token age, or the publication of its signing
 * key. A request computes the digest once and uses it for both the lookup and the insertion.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly toleranceMs: number,
    private readonly maxTokenAgeMs: number | undefined,
  ) {}

  /** Number of cached tokens. */
  get size(): number {
    return this.entries.size;
  }

  /** The key a token is cached under: its SHA-256, base64 (see `tokenDigest`). */
  digestOf(token: string): string {
    return tokenDigest(token);
  }

  /**
   * The owner of the token of `digest` (`token` is that token, handed back in the owner) when it
   * was verified before and every time limit still holds.
   */
  get(
    digest: string,
    token: string,
    now: number = Date.now(),
  ): ResourceOwner | undefined {
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    if (now >= entry.usableUntil || entry.signedBy.retired) {
      this.entries.delete(digest);
      return undefined;
    }
    entry.used = true;
    const { owner } = entry;
    // A literal of fixed shape: several times cheaper than spreading the frozen owner.
    return Object.freeze({
      subject: owner.subject,
      issuer: owner.issuer,
      clientId: owner.clientId,
      scopes: owner.scopes,
      audience: owner.audience,
      expiresAt: owner.expiresAt,
      claims: owner.claims,
      token,
    });
  }

  /**
   * Remembers a verified token's owner under its `digest`, evicting the least recently used
   * entry when full. A token verified by a key not imported from a JWKS here is not cached.
   */
  set(
    digest: string,
    owner: ResourceOwner,
    key: CryptoKey,
    now: number = Date.now(),
  ): void {
    const signedBy = ImportedJwk.of(key);
    if (!signedBy || signedBy.retired) return;
    const { token: _omitted, ...rest } = owner;
    const limits = [
      owner.expiresAt * 1000 + this.toleranceMs,
      now + this.ttlMs,
    ];
    const iat = owner.claims.iat;
    if (this.maxTokenAgeMs !== undefined && typeof iat === 'number') {
      limits.push(iat * 1000 + this.maxTokenAgeMs + this.toleranceMs);
    }
    const usableUntil = Math.min(...limits);
    if (usableUntil <= now) return;
    this.entries.delete(digest);
    if (this.entries.size >= this.maxEntries) this.evictOne();
    this.entries.set(digest, {
      owner: Object.freeze(rest),
      signedBy,
      usableUntil,
      used: false,
    });
  }

  /** Drops the oldest entry not served since its last pass; served ones go to the back once. */
  private evictOne(): void {
    for (const [digest, entry] of this.entries) {
      this.entries.delete(digest);
      if (!entry.used) return;
      entry.used = false;
      this.entries.set(digest, entry);
    }
  }
}
