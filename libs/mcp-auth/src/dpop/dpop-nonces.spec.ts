import { describe, expect, it } from '@jest/globals';
import { DpopNonces } from './dpop-nonces.js';

const SECRET = 's'.repeat(32);

describe('DpopNonces (RFC 9449 §9, stateless HMAC time windows)', () => {
  it('hands out one nonce per window and accepts it for that window and the next', () => {
    let now = 1_000_000;
    const nonces = new DpopNonces(SECRET, 60_000, () => now);
    const first = nonces.current();
    expect(nonces.current()).toBe(first);
    expect(nonces.accepts(first)).toBe(true);
    now += 60_000;
    const second = nonces.current();
    expect(second).not.toBe(first);
    expect(nonces.accepts(first)).toBe(true);
    now += 60_000;
    expect(nonces.accepts(first)).toBe(false);
    expect(nonces.accepts(second)).toBe(true);
  });

  it('agrees across instances with the same secret, not with another secret', () => {
    const now = () => 5_000_000;
    const a = new DpopNonces(SECRET, 60_000, now);
    const b = new DpopNonces(SECRET, 60_000, now);
    const other = new DpopNonces('t'.repeat(32), 60_000, now);
    expect(b.accepts(a.current())).toBe(true);
    expect(other.accepts(a.current())).toBe(false);
    expect(new DpopNonces(undefined, 60_000, now).accepts(a.current())).toBe(
      false,
    );
  });

  it('refuses a forged MAC for the current window and anything not a string', () => {
    const nonces = new DpopNonces(SECRET, 60_000, () => 7_000_000);
    const [window] = nonces.current().split('.');
    expect(nonces.accepts(`${window}.AAAAAAAAAAAAAAAAAAAAAA`)).toBe(false);
    expect(nonces.accepts(undefined)).toBe(false);
    expect(nonces.accepts(42)).toBe(false);
  });
});
