import { createHash } from 'node:crypto';
import { DpopReplayStoreFullError } from './dpop-replay-store-full.error.js';
import type {
  DpopProofUse,
  DpopReplayStore,
  DpopReplayVerdict,
} from './dpop-replay-store.js';

/** Bounds of an `InMemoryDpopReplayStore`. */
export interface DpopReplayLimits {
  /** Most proofs remembered at once (`dpopReplayCacheSize`). */
  readonly maxEntries: number;
  /** Most live proofs of one proof key (`dpopReplayKeyQuota`). */
  readonly maxPerKey: number;
  /** Most live proofs of one identity, issuer + subject (`dpopReplayIdentityQuota`). */
  readonly maxPerIdentity: number;
}

/** Live entries of one proof key or one identity; gone when it reaches zero. */
interface Counter {
  n: number;
  readonly id: string;
  readonly owner: Map<string, Counter>;
}

/** Longest `jti` or `sub` kept as is; longer ones are kept as their SHA-256 (fixed size). */
const LONGEST_KEPT = 96;

/**
 * The default `DpopReplayStore`: accepted proofs remembered in this process until their `iat`
 * window ends (RFC 9449 §11.1), never earlier. Bounded three ways: `maxEntries` in all (once
 * reached, a new proof is refused: `use` throws `DpopReplayStoreFullError` naming the seconds
 * until the oldest live entry leaves, answered 503 with that `Retry-After`: fail closed),
 * `maxPerKey` per proof key and `maxPerIdentity` per issuer + subject (a caller at its quota is
 * refused alone). Entries expire in one-second buckets swept as time passes, so each use costs
 * O(1) whatever the store holds.
 *
 * @publicApi
 */
export class InMemoryDpopReplayStore implements DpopReplayStore {
  /** `<jkt>:<jti>` (or `<jkt>#<sha256(jti)>`) → epoch ms the entry is kept until. */
  private readonly seen = new Map<string, number>();
  private readonly keys = new Map<string, Counter>();
  /** Issuer → subject → counter: no string is built per request (issuers are the trusted ones). */
  private readonly identities = new Map<string, Map<string, Counter>>();
  /** Second → entries whose window ends in it: flat triples of key, key counter, identity counter. */
  private readonly buckets = new Map<number, (string | Counter)[]>();
  /** Every bucket up to this second has been swept. */
  private swept: number;

  constructor(
    private readonly limits: DpopReplayLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.swept = Math.floor(now() / 1000);
  }

  use(proof: DpopProofUse): DpopReplayVerdict {
    const now = this.now();
    this.sweep(Math.floor(now / 1000));
    // Out of its window already: the `iat` check refuses any later use of it.
    if (proof.until <= now) return 'accepted';
    const entry =
      proof.jti.length > LONGEST_KEPT
        ? `${proof.jkt}#${sha256(proof.jti)}`
        : `${proof.jkt}:${proof.jti}`;
    const known = this.seen.get(entry);
    if (known !== undefined && known > now) return 'replayed';
    const key = this.keys.get(proof.jkt);
    if (key && key.n >= this.limits.maxPerKey) return 'key_over_quota';
    let subjects = this.identities.get(proof.issuer);
    if (!subjects) this.identities.set(proof.issuer, (subjects = new Map()));
    const subject =
      proof.subject.length > LONGEST_KEPT
        ? `#${sha256(proof.subject)}`
        : proof.subject;
    const identity = subjects.get(subject);
    if (identity && identity.n >= this.limits.maxPerIdentity)
      return 'identity_over_quota';
    if (known === undefined && this.seen.size >= this.limits.maxEntries)
      throw new DpopReplayStoreFullError(this.secondsUntilRoom(now));
    this.seen.set(entry, proof.until);
    const second = Math.ceil(proof.until / 1000);
    let bucket = this.buckets.get(second);
    if (!bucket) this.buckets.set(second, (bucket = []));
    bucket.push(
      entry,
      count(key, this.keys, proof.jkt),
      count(identity, subjects, subject),
    );
    return 'accepted';
  }

  /** Proofs remembered now (for tests and metrics). */
  get size(): number {
    return this.seen.size;
  }

  /** Proof keys and identities with live entries (for tests and metrics). */
  get tracked(): { keys: number; identities: number } {
    let identities = 0;
    for (const subjects of this.identities.values())
      identities += subjects.size;
    return { keys: this.keys.size, identities };
  }

  /**
   * Seconds from `now` until the oldest live entry leaves: the earliest bucket is swept once its
   * second has begun. One look over the buckets (at most one per second of two proof windows).
   */
  private secondsUntilRoom(now: number): number {
    let earliest = Infinity;
    for (const second of this.buckets.keys()) {
      if (second < earliest) earliest = second;
    }
    return (earliest * 1000 - now) / 1000;
  }

  /** Forgets every entry whose window ended by the end of second `until`. */
  private sweep(until: number): void {
    if (until <= this.swept) return;
    if (until - this.swept > this.buckets.size) {
      // A long idle time: fewer buckets than seconds to look at.
      for (const [second, bucket] of this.buckets) {
        if (second <= until) this.drain(second, bucket);
      }
    } else {
      for (let second = this.swept + 1; second <= until; second += 1) {
        const bucket = this.buckets.get(second);
        if (bucket) this.drain(second, bucket);
      }
    }
    this.swept = until;
  }

  private drain(second: number, bucket: (string | Counter)[]): void {
    const end = second * 1000;
    for (let i = 0; i < bucket.length; i += 3) {
      const entry = bucket[i] as string;
      const kept = this.seen.get(entry);
      // Used again after it expired: its newer entry sits in a later bucket.
      if (kept !== undefined && kept <= end) this.seen.delete(entry);
      release(bucket[i + 1] as Counter);
      release(bucket[i + 2] as Counter);
    }
    this.buckets.delete(second);
  }
}

function count(
  counter: Counter | undefined,
  owner: Map<string, Counter>,
  id: string,
): Counter {
  if (counter) {
    counter.n += 1;
    return counter;
  }
  const created: Counter = { n: 1, id, owner };
  owner.set(id, created);
  return created;
}

function release(counter: Counter): void {
  counter.n -= 1;
  if (counter.n === 0) counter.owner.delete(counter.id);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
