import { describe, expect, it } from '@jest/globals';
import type { DpopProofUse } from './dpop-replay-store.js';
import { DpopReplayStoreFullError } from './dpop-replay-store-full.error.js';
import { InMemoryDpopReplayStore } from './in-memory-dpop-replay-store.js';

const ISSUER = 'https://as.example.com';

/** A store on a hand-driven clock (epoch ms). */
function storeOf(maxEntries: number, maxPerKey: number, maxPerIdentity = 1e9) {
  const clock = { now: 1_000_000 };
  const store = new InMemoryDpopReplayStore(
    { maxEntries, maxPerKey, maxPerIdentity },
    () => clock.now,
  );
  return { store, clock };
}

const use = (
  jti: string,
  until: number,
  patch: Partial<DpopProofUse> = {},
): DpopProofUse => ({
  jkt: 'key-a',
  jti,
  issuer: ISSUER,
  subject: 'alice',
  until,
  ...patch,
});

describe('InMemoryDpopReplayStore (RFC 9449 §11.1)', () => {
  it('refuses a proof used again within its window and accepts it once the window has ended', () => {
    const { store, clock } = storeOf(10, 10);
    const until = clock.now + 5_000;
    expect(store.use(use('j1', until))).toBe('accepted');
    expect(store.use(use('j1', until))).toBe('replayed');
    clock.now = until - 1;
    expect(store.use(use('j1', until))).toBe('replayed');
    clock.now = until + 1;
    expect(store.use(use('j1', clock.now + 5_000))).toBe('accepted');
  });

  it('keys entries by proof key and jti: the same jti of another key is another proof', () => {
    const { store, clock } = storeOf(10, 10);
    expect(store.use(use('j1', clock.now + 5_000))).toBe('accepted');
    expect(store.use(use('j1', clock.now + 5_000, { jkt: 'key-b' }))).toBe(
      'accepted',
    );
  });

  it('never evicts a live entry: when full it refuses new proofs and still refuses replays', () => {
    const { store, clock } = storeOf(100, 100);
    const victim = use('victim', clock.now + 300_000, { jkt: 'key-v' });
    expect(store.use(victim)).toBe('accepted');
    for (let i = 0; i < 99; i += 1) {
      expect(store.use(use(`flood-${i}`, clock.now + 300_000))).toBe(
        'accepted',
      );
    }
    for (let i = 99; i < 1_000; i += 1) {
      expect(() => store.use(use(`flood-${i}`, clock.now + 300_000))).toThrow(
        DpopReplayStoreFullError,
      );
    }
    expect(store.size).toBe(100);
    expect(store.use(victim)).toBe('replayed');
  });

  it('when full, names the seconds until its oldest live entry leaves (rounded up, at least 1), then takes new proofs again', () => {
    const { store, clock } = storeOf(3, 10);
    const start = clock.now;
    expect(store.use(use('late', start + 300_000))).toBe('accepted');
    expect(store.use(use('early', start + 12_300))).toBe('accepted');
    expect(store.use(use('middle', start + 60_000))).toBe('accepted');
    const refusal = (): unknown => {
      try {
        store.use(use(`new-${clock.now}`, clock.now + 300_000));
      } catch (error) {
        return error;
      }
      return undefined;
    };
    // `early` ends at 1,012.3 s; its one-second bucket is swept when second 1,013 begins: 12.7 s.
    expect(refusal()).toMatchObject({
      name: 'DpopReplayStoreFullError',
      reason: 'replay_store_full',
      retryAfterSeconds: 13,
    });
    clock.now = start + 12_900;
    expect(refusal()).toMatchObject({ retryAfterSeconds: 1 });
    clock.now = start + 13_000;
    expect(store.use(use('after', clock.now + 300_000))).toBe('accepted');
    expect(store.size).toBe(3);
    // Full again: the next to leave is `middle`.
    expect(refusal()).toMatchObject({ retryAfterSeconds: 47 });
  });

  it('refuses only the key at its quota; other keys of other identities go on', () => {
    const { store, clock } = storeOf(1_000, 5);
    const until = clock.now + 60_000;
    for (let i = 0; i < 5; i += 1)
      expect(store.use(use(`a${i}`, until))).toBe('accepted');
    expect(store.use(use('a5', until))).toBe('key_over_quota');
    expect(store.use(use('a0', until))).toBe('replayed');
    expect(store.use(use('b0', until, { jkt: 'key-b', subject: 'bob' }))).toBe(
      'accepted',
    );
    expect(store.size).toBe(6);
  });

  it('counts an identity over all its keys, and only it is refused at its quota', () => {
    const { store, clock } = storeOf(1_000, 1_000, 3);
    const until = clock.now + 60_000;
    for (let i = 0; i < 3; i += 1)
      expect(store.use(use('j', until, { jkt: `key-${i}` }))).toBe('accepted');
    expect(store.use(use('j', until, { jkt: 'key-9' }))).toBe(
      'identity_over_quota',
    );
    // The same subject at another issuer is another identity.
    expect(
      store.use(use('j', until, { jkt: 'key-9', issuer: 'https://other' })),
    ).toBe('accepted');
    expect(store.use(use('j', until, { jkt: 'key-8', subject: 'bob' }))).toBe(
      'accepted',
    );
  });

  it('gives a caller its quota back as its entries expire', () => {
    const { store, clock } = storeOf(1_000, 2);
    expect(store.use(use('j1', clock.now + 1_000))).toBe('accepted');
    expect(store.use(use('j2', clock.now + 3_000))).toBe('accepted');
    expect(store.use(use('j3', clock.now + 3_000))).toBe('key_over_quota');
    clock.now += 2_000;
    expect(store.use(use('j3', clock.now + 3_000))).toBe('accepted');
    expect(store.use(use('j4', clock.now + 3_000))).toBe('key_over_quota');
  });

  it('stays bounded: entries and per-caller counters go once their windows end', () => {
    const { store, clock } = storeOf(1_000, 50, 50);
    for (let i = 0; i < 20_000; i += 1) {
      clock.now += 7;
      store.use(
        use(`j${i}`, clock.now + 500 + (i % 3) * 400, {
          jkt: `key-${i % 97}`,
          subject: `user-${i % 89}`,
        }),
      );
      expect(store.size).toBeLessThanOrEqual(1_000);
    }
    clock.now += 2_000;
    store.use(use('last', clock.now + 1_000));
    expect(store.size).toBe(1);
    expect(store.tracked).toEqual({ keys: 1, identities: 1 });
  });

  it('catches up after a long idle time in one pass', () => {
    const { store, clock } = storeOf(1_000, 1_000);
    for (let i = 0; i < 10; i += 1)
      store.use(use(`j${i}`, clock.now + 1_000 * (i + 1)));
    clock.now += 86_400_000;
    expect(store.use(use('fresh', clock.now + 1_000))).toBe('accepted');
    expect(store.size).toBe(1);
  });

  it('keeps a long jti and a long identity in fixed size, still refusing their replay', () => {
    const { store, clock } = storeOf(10, 10, 1);
    const jti = 'x'.repeat(10_000);
    const subject = 's'.repeat(10_000);
    const until = clock.now + 5_000;
    expect(store.use(use(jti, until, { subject }))).toBe('accepted');
    expect(store.use(use(jti, until, { subject }))).toBe('replayed');
    expect(store.use(use(`${jti}y`, until, { subject }))).toBe(
      'identity_over_quota',
    );
  });

  it('records nothing for a proof already out of its window', () => {
    const { store, clock } = storeOf(10, 10);
    expect(store.use(use('old', clock.now - 1))).toBe('accepted');
    expect(store.size).toBe(0);
  });
});
