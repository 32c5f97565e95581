import type { CryptoKey } from 'jose';
import { hash } from 'node:crypto';
import { ImportedJwk } from './imported-jwk.js';
import type { ResourceOwner } from './resource-owner.interface.js';

/** What the cache keeps of a verified token: everything but the token itself. */
type CachedOwner = Omit<ResourceOwner, 'token'>;

interface Entry {
  readonly owner: CachedOwner;
  /** The key that verified the token; the entry dies when the JWKS stops publishing it. */
  readonly key: CryptoKey;
  /** Epoch milliseconds after which the entry must not be used. */
  readonly usableUntil: number;
  /** Served since it was last inserted or passed over by eviction (its second chance). */
  used: boolean;
}

/**
 * Verified tokens by SHA-256 of the token (the token itself is never kept), evicted in
 * least-recently-used order approximated by second chance (CLOCK): a hit only sets a flag, so
 * the hot path never reorders the map. An entry never outlives `exp` (plus the clock tolerance), the TTL, `iat` plus the
 * maximum token age, or the publication of its signing key.
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

  /** The owner of `token` when it was verified before and every time limit still holds. */
  get(token: string, now: number = Date.now()): ResourceOwner | undefined {
    const hash = hashOf(token);
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (
      now >= entry.usableUntil ||
      ImportedJwk.of(entry.key)?.retired !== false
    ) {
      this.entries.delete(hash);
      return undefined;
    }
    entry.used = true;
    return Object.freeze({ ...entry.owner, token });
  }

  /** Remembers a verified token's owner, evicting the least recently used entry when full. */
  set(
    token: string,
    owner: ResourceOwner,
    key: CryptoKey,
    now: number = Date.now(),
  ): void {
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
    const hash = hashOf(token);
    this.entries.delete(hash);
    if (this.entries.size >= this.maxEntries) this.evictOne();
    this.entries.set(hash, {
      owner: Object.freeze(rest),
      key,
      usableUntil,
      used: false,
    });
  }

  /** Drops the oldest entry not served since its last pass; served ones go to the back once. */
  private evictOne(): void {
    for (const [hash, entry] of this.entries) {
      this.entries.delete(hash);
      if (!entry.used) return;
      entry.used = false;
      this.entries.set(hash, entry);
    }
  }
}

function hashOf(token: string): string {
  return hash('sha256', token, 'base64');
}
