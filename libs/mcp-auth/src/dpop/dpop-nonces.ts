import { createHmac, randomBytes } from 'node:crypto';

/**
 * Stateless server nonces (RFC 9449 §9): the nonce of time window `w` (of `lifetimeMs` each) is
 * `<w in base 36>.<HMAC-SHA-256(secret, w), 128 bits, base64url>`. Nothing is stored, so every
 * replica holding the same secret hands out and accepts the same nonces. A nonce is accepted in
 * its own window and the next (so it lives one to two lifetimes), and one window early (replica
 * clocks that differ slightly); a future window's nonce cannot be made without the secret.
 */
export class DpopNonces {
  private readonly secret: Buffer;
  private window = Number.NaN;
  private accepted: readonly string[] = [];

  constructor(
    secret: string | undefined,
    private readonly lifetimeMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.secret =
      secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8');
  }

  /** The nonce to hand out now (`DPoP-Nonce`). */
  current(): string {
    return this.refresh()[1];
  }

  /** Whether a proof's `nonce` claim is one of ours and still fresh. */
  accepts(nonce: unknown): boolean {
    return typeof nonce === 'string' && this.refresh().includes(nonce);
  }

  /** The nonces of the previous, current and next windows, computed once per window. */
  private refresh(): readonly string[] {
    const window = Math.floor(this.now() / this.lifetimeMs);
    if (window !== this.window) {
      this.window = window;
      this.accepted = [window - 1, window, window + 1].map((w) =>
        this.nonceOf(w),
      );
    }
    return this.accepted;
  }

  private nonceOf(window: number): string {
    const mac = createHmac('sha256', this.secret)
      .update(`dpop-nonce:${window}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    return `${window.toString(36)}.${mac}`;
  }
}
