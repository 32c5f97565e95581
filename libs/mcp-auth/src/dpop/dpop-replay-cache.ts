/**
 * The `jti` values of accepted DPoP proofs, each kept until its proof could no longer pass the
 * `iat` window (RFC 9449 §11.1), so the same proof cannot be used twice on this process. Bounded:
 * once full, the oldest entry goes first (a process under a flood of fresh proofs forgets the
 * oldest ones early rather than growing without limit).
 */
export class DpopReplayCache {
  private readonly seen = new Map<string, number>();

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
    this.seen.delete(jti);
    this.evict(now);
    this.seen.set(jti, until);
    return true;
  }

  /** Number of remembered proofs (for tests and metrics). */
  get size(): number {
    return this.seen.size;
  }

  private evict(now: number): void {
    for (const [jti, until] of this.seen) {
      if (until > now && this.seen.size < this.maxEntries) return;
      this.seen.delete(jti);
    }
  }
}
