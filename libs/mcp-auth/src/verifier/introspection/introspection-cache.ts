import type { InvalidTokenReason } from '../../errors/invalid-token-reason.js';
import type { ResourceOwner } from '../resource-owner.interface.js';
import { INTROSPECTION_LIMITS } from './introspection.constants.js';

/** A remembered introspection outcome: the owner, or the reason of a refusal. */
export type RememberedAnswer =
  | { readonly owner: Omit<ResourceOwner, 'token'>; readonly issuer: string }
  | {
      readonly refused: InvalidTokenReason;
      readonly issuer: string | undefined;
    };

interface Entry {
  readonly answer: RememberedAnswer;
  /** Monotonic milliseconds after which the entry must not be used. */
  readonly usableUntil: number;
}

/**
 * Introspection outcomes by token digest (the token itself is never kept). Accepted tokens: at
 * most `maxEntries`, least recently used out, each until the earlier of its `exp` and the issuer's
 * `cacheTtlSeconds` (the revocation delay). Refusals: apart, so that a flood of unknown tokens
 * never pushes out accepted ones, at most `maxNegativeEntries` (oldest out) for
 * `negativeTtlSeconds`.
 */
export class IntrospectionCache {
  private readonly accepted = new Map<string, Entry>();
  private readonly refused = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The remembered outcome of the token of `digest`, while still usable. */
  get(digest: string): RememberedAnswer | undefined {
    const now = this.now();
    for (const map of [this.accepted, this.refused]) {
      const entry = map.get(digest);
      if (!entry) continue;
      if (now >= entry.usableUntil) {
        map.delete(digest);
        continue;
      }
      if (map === this.accepted) {
        map.delete(digest);
        map.set(digest, entry);
      }
      return entry.answer;
    }
    return undefined;
  }

  /** Remembers an accepted token for at most `ttlSeconds`, never past `exp` (wall clock). */
  accept(
    digest: string,
    owner: Omit<ResourceOwner, 'token'>,
    ttlSeconds: number,
  ): void {
    const lifetimeMs = Math.min(
      ttlSeconds * 1000,
      owner.expiresAt * 1000 - Date.now(),
    );
    if (lifetimeMs <= 0 || this.maxEntries === 0) return;
    this.refused.delete(digest);
    this.put(this.accepted, this.maxEntries, digest, {
      answer: { owner, issuer: owner.issuer },
      usableUntil: this.now() + lifetimeMs,
    });
  }

  /** Remembers a refusal briefly (`negativeTtlSeconds`, at most `ttlSeconds`). */
  refuse(
    digest: string,
    reason: InvalidTokenReason,
    issuer: string | undefined,
    ttlSeconds: number,
  ): void {
    const seconds = Math.min(
      ttlSeconds,
      INTROSPECTION_LIMITS.negativeTtlSeconds,
    );
    if (seconds <= 0) return;
    this.put(this.refused, INTROSPECTION_LIMITS.maxNegativeEntries, digest, {
      answer: { refused: reason, issuer },
      usableUntil: this.now() + seconds * 1000,
    });
  }

  private put(
    map: Map<string, Entry>,
    max: number,
    digest: string,
    entry: Entry,
  ): void {
    map.delete(digest);
    if (map.size >= max) map.delete(map.keys().next().value as string);
    map.set(digest, entry);
  }
}
