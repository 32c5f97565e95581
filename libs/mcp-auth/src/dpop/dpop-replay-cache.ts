/**
 * The `jti` values of accepted DPoP proofs, each kept until its proof could no longer pass the
 * `iat` window (RFC 9449 §11.1), so the same proof cannot be used twice on this process. Bounded:
 * once full, the oldest entry goes first (a process under a flood of fresh proofs forgets the
 * oldest ones early rather than growing without limit). Entries leave in insertion order from a
 * queue beside the map, so each use costs O(1) however many entries expire meanwhile.
 */
export class DpopReplayCache {
  private readonly seen = new Map<string, number>();
  /** Insertion order: `order[i]` was remembered until `untils[i]`; `head` is the oldest left. */
  private order: string[] = [];
  private untils: number[] = [];
  private head = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records `jti` as used until `until` (epoch ms). Returns false when it was already recorded
   * and still within its window: the proof is a replay.
   */
  use(jti: string, until: number): boolean {
    const now = this.now();
    const known = this.seen.get(jti);
    if (known !== undefined && known > now) return false;
    this.evict(now);
    this.seen.set(jti, until);
    this.order.push(jti);
    this.untils.push(until);
    return true;
  }

  /** Number of remembered proofs (for tests and metrics). */
  get size(): number {
    return this.seen.size;
  }

  /** Drops expired entries from the front, and the oldest ones while full. */
  private evict(now: number): void {
    while (this.head < this.order.length) {
      const until = this.untils[this.head];
      if (until > now && this.seen.size < this.maxEntries) break;
      const jti = this.order[this.head];
      // A jti used again after it expired has a newer entry further back: keep that one.
      if (this.seen.get(jti) === until) this.seen.delete(jti);
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.untils = this.untils.slice(this.head);
      this.head = 0;
    }
  }
}
