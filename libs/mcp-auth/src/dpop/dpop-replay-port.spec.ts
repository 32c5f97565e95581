import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  createDpopProof,
  generateDpopKey,
  generateSigningKey,
  mintAccessToken,
  type DpopKey,
} from '@nest-mcp/auth/testing';
import { verifyDpopProof, type DpopProofRules } from './dpop-proof.js';
import type {
  DpopProofUse,
  DpopReplayStore,
  DpopReplayVerdict,
} from './dpop-replay-store.js';
import { DpopReplayStoreFullError } from './dpop-replay-store-full.error.js';
import { DpopReplayUnavailableError } from './dpop-replay-unavailable.error.js';
import { InMemoryDpopReplayStore } from './in-memory-dpop-replay-store.js';
import { InvalidDpopProofError } from './invalid-dpop-proof.error.js';
import { ProofKeys } from './proof-keys.js';

const URL_ = 'https://mcp.example.com/mcp';
const ISSUER = 'https://as.example.com';

/** A shared store's shape: every answer is a promise (as over Redis). */
class AsyncStore implements DpopReplayStore {
  readonly uses: DpopProofUse[] = [];
  constructor(private readonly inner: DpopReplayStore) {}
  use(proof: DpopProofUse): Promise<DpopReplayVerdict> {
    this.uses.push(proof);
    return Promise.resolve(this.inner.use(proof));
  }
}

describe('the DpopReplayStore port in the proof check (RFC 9449 §11.1)', () => {
  let key: DpopKey;
  let token: string;

  beforeAll(async () => {
    key = await generateDpopKey('ES256');
    token = await mintAccessToken(await generateSigningKey('ES256'), {
      issuer: ISSUER,
      audience: URL_,
      claims: { cnf: { jkt: key.jkt } },
    });
  });

  const rules = (replay: DpopReplayStore): DpopProofRules => ({
    algorithms: ['ES256'],
    iatWindowSeconds: 300,
    requireContentDigest: false,
    replay,
    keys: new ProofKeys(),
  });
  /** What the guard hands `verifyDpopProof` for a POST of `subject`'s bound token with a fresh proof. */
  const contextFor = async (subject = 'alice') => ({
    proof: await createDpopProof({
      key,
      method: 'POST',
      url: URL_,
      accessToken: token,
    }),
    method: 'POST',
    url: URL_,
    accessToken: token,
    jkt: key.jkt,
    issuer: ISSUER,
    subject,
    body: undefined,
  });
  const check = async (ruleSet: DpopProofRules, subject = 'alice') =>
    verifyDpopProof(await contextFor(subject), ruleSet);
  const store = (maxPerIdentity = 100) =>
    new InMemoryDpopReplayStore({
      maxEntries: 1000,
      maxPerKey: 100,
      maxPerIdentity,
    });

  it('the in-memory store keeps a warm proof check free of promises', async () => {
    const ruleSet = rules(store());
    await check(ruleSet); // imports the proof key (a promise, once)
    expect(await check(ruleSet)).toBeUndefined();
    const warm = verifyDpopProof(await contextFor(), ruleSet);
    expect(warm).toBeUndefined();
  });

  it('a store answering with promises: first use accepted, replay and quota refused', async () => {
    const asyncStore = new AsyncStore(store(2));
    const ruleSet = rules(asyncStore);
    await check(ruleSet);
    const context = await contextFor();
    const first = verifyDpopProof(context, ruleSet);
    expect(first).toBeInstanceOf(Promise);
    await first;
    await expect(verifyDpopProof(context, ruleSet)).rejects.toEqual(
      new InvalidDpopProofError('replayed'),
    );
    await expect(check(ruleSet)).rejects.toMatchObject({
      reason: 'replay_quota_identity',
    });
    expect(asyncStore.uses[0]).toMatchObject({
      jkt: key.jkt,
      issuer: ISSUER,
      subject: 'alice',
    });
    const use = asyncStore.uses[0];
    expect(use.until).toBeGreaterThan(Date.now() + 290_000);
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('connection refused'))],
    [
      'throws',
      () => {
        throw new Error('connection refused');
      },
    ],
  ])(
    'a store that %s fails closed: DpopReplayUnavailableError (503), never an acceptance',
    async (_how, use) => {
      const failing = rules({ use } as DpopReplayStore);
      const refusal = await check(failing).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(DpopReplayUnavailableError);
      expect(refusal).toMatchObject({
        retryAfterSeconds: 5,
        cause: new Error('connection refused'),
      });
    },
  );

  it.each([
    ['synchronously', () => 'full' as const],
    ['with a promise', () => Promise.resolve('full' as const)],
  ])(
    "a store answering 'full' %s refuses with DpopReplayStoreFullError (503, default Retry-After), not a proof refusal",
    async (_how, use) => {
      const refusal = await check(rules({ use })).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(DpopReplayStoreFullError);
      expect(refusal).toBeInstanceOf(DpopReplayUnavailableError);
      expect(refusal).not.toBeInstanceOf(InvalidDpopProofError);
      expect(refusal).toMatchObject({
        reason: 'replay_store_full',
        retryAfterSeconds: 5,
      });
    },
  );

  it("keeps a full store's own Retry-After, whole seconds (rounded up, at least 1)", async () => {
    for (const [given, sent] of [
      [2.2, 3],
      [0.01, 1],
      [Number.NaN, 5],
    ]) {
      const own = new DpopReplayStoreFullError(given);
      await expect(
        check(rules({ use: () => Promise.reject(own) })),
      ).rejects.toMatchObject({ retryAfterSeconds: sent });
    }
  });

  it('the full in-memory store refuses at once (no promise), naming when its oldest entry leaves', async () => {
    const full = new InMemoryDpopReplayStore({
      maxEntries: 1,
      maxPerKey: 2,
      maxPerIdentity: 1,
    });
    const ruleSet = rules(full);
    await check(ruleSet, 'alice');
    const bob = await contextFor('bob');
    let refusal: unknown;
    try {
      verifyDpopProof(bob, ruleSet);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DpopReplayStoreFullError);
    // alice's proof stays until its iat + 300 s: about five minutes from now.
    const { retryAfterSeconds } = refusal as DpopReplayStoreFullError;
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(200);
    expect(retryAfterSeconds).toBeLessThanOrEqual(302);
  });

  it("keeps a store's own DpopReplayUnavailableError and its Retry-After", async () => {
    const own = new DpopReplayUnavailableError(2);
    const failing = rules({ use: () => Promise.reject(own) });
    await expect(check(failing)).rejects.toBe(own);
  });
});
