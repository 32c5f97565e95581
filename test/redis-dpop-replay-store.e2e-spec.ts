import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DpopProofUse, DpopReplaySettings } from '@nest-mcp/auth';
import {
  DpopReplayStoreFullError,
  DpopReplayUnavailableError,
} from '@nest-mcp/auth';
import { RedisDpopReplayStore } from '@nest-mcp/redis';
import { NODE_REDIS_VERSIONS } from './support/node-redis-versions.js';
import {
  startRedisServer,
  type TestRedisServer,
} from './support/redis-server.js';

const SETTINGS: DpopReplaySettings = {
  maxEntries: 1000,
  maxPerKey: 100,
  maxPerIdentity: 100,
  proofWindowSeconds: 5,
};

let sequence = 0;
/** A proof use of `jkt` / `subject`, kept `lifeMs` from now. */
const use = (
  jkt = 'key-a',
  subject = 'alice',
  lifeMs = 60_000,
): DpopProofUse => ({
  jkt,
  jti: `jti-${(sequence += 1)}`,
  issuer: 'https://as.example.com',
  subject,
  until: Date.now() + lifeMs,
});

/** `RedisDpopReplayStore` against a real `redis-server` (RFC 9449 §11.1), on each node-redis major. */
describe.each(NODE_REDIS_VERSIONS)(
  'RedisDpopReplayStore on a real redis-server with %s',
  (_version, createClient) => {
    let redis: TestRedisServer;
    let client: ReturnType<typeof createClient>;

    beforeAll(async () => {
      redis = await startRedisServer();
      client = createClient({ url: redis.url, disableOfflineQueue: true });
      client.on('error', () => undefined);
      await client.connect();
    });
    afterAll(async () => {
      client?.destroy();
      await redis?.stop();
    });

    it('of 20 concurrent uses of one proof, through two clients, exactly one is accepted', async () => {
      const other = createClient({ url: redis.url });
      await other.connect();
      try {
        const stores = [client, other].map(
          (c) => new RedisDpopReplayStore(c, SETTINGS),
        );
        const proof = use();
        const verdicts = await Promise.all(
          Array.from({ length: 20 }, (_, i) => stores[i % 2].use(proof)),
        );
        expect(verdicts.filter((v) => v === 'accepted')).toHaveLength(1);
        expect(verdicts.filter((v) => v === 'replayed')).toHaveLength(19);
      } finally {
        other.destroy();
      }
    });

    it('a refused use records nothing, and a quota comes back once the entries expire', async () => {
      const store = new RedisDpopReplayStore(
        client,
        { ...SETTINGS, maxPerKey: 2 },
        { keyPrefix: '{quota-test}:' },
      );
      expect(await store.use(use('key-q', 'q', 1_500))).toBe('accepted');
      expect(await store.use(use('key-q', 'q', 1_500))).toBe('accepted');
      const refused = use('key-q', 'q');
      expect(await store.use(refused)).toBe('key_over_quota');
      expect(await store.use(refused)).toBe('key_over_quota');
      // Another key of the same identity is not affected.
      expect(await store.use(use('key-r', 'q'))).toBe('accepted');
      // The slices of the expired entries go (a slice is at most a tenth of the span): poll.
      let verdict = await store.use(use('key-q', 'q'));
      for (let tries = 0; verdict !== 'accepted' && tries < 300; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        verdict = await store.use(use('key-q', 'q'));
      }
      expect(verdict).toBe('accepted');
    });

    /** What `store.use(proof)` rejected with (`undefined` when it answered). */
    const refusalOf = (
      store: RedisDpopReplayStore,
      proof: DpopProofUse,
    ): Promise<unknown> =>
      store.use(proof).then(
        () => undefined,
        (error: unknown) => error,
      );

    it('the whole store is bounded: past maxEntries it refuses as full, naming when its oldest slice ends', async () => {
      const store = new RedisDpopReplayStore(
        client,
        { ...SETTINGS, maxEntries: 3 },
        { keyPrefix: '{full-test}:' },
      );
      for (const subject of ['a', 'b', 'c'])
        expect(await store.use(use(`k-${subject}`, subject))).toBe('accepted');
      const refusal = await refusalOf(store, use('k-d', 'd'));
      expect(refusal).toBeInstanceOf(DpopReplayStoreFullError);
      // The entries stay 60 s; their slice (1.25 s long with a 5 s window) ends up to 1.25 s later.
      const { retryAfterSeconds } = refusal as DpopReplayStoreFullError;
      expect(retryAfterSeconds).toBeGreaterThanOrEqual(50);
      expect(retryAfterSeconds).toBeLessThanOrEqual(62);
      // A refused use recorded nothing: the same proof again is refused as full, not as a replay.
      const first = use('k-e', 'e');
      expect(await refusalOf(store, first)).toBeInstanceOf(
        DpopReplayStoreFullError,
      );
      expect(await refusalOf(store, first)).toBeInstanceOf(
        DpopReplayStoreFullError,
      );
    });

    it('a full store takes new proofs again once its oldest entries leave, within the Retry-After it named', async () => {
      const store = new RedisDpopReplayStore(
        client,
        { ...SETTINGS, maxEntries: 2 },
        { keyPrefix: '{full-recovery-test}:' },
      );
      expect(await store.use(use('k-x', 'x', 1_000))).toBe('accepted');
      expect(await store.use(use('k-y', 'y', 1_000))).toBe('accepted');
      const refusal = await refusalOf(store, use('k-z', 'z'));
      expect(refusal).toBeInstanceOf(DpopReplayStoreFullError);
      const { retryAfterSeconds } = refusal as DpopReplayStoreFullError;
      expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(retryAfterSeconds).toBeLessThanOrEqual(3);
      await new Promise((resolve) =>
        setTimeout(resolve, retryAfterSeconds * 1000),
      );
      let verdict = await store.use(use('k-z', 'z')).catch(() => 'full');
      for (let tries = 0; verdict !== 'accepted' && tries < 100; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        verdict = await store.use(use('k-z', 'z')).catch(() => 'full');
      }
      expect(verdict).toBe('accepted');
    });

    it('runs after Redis forgot the script (SCRIPT FLUSH: EVALSHA, then EVAL)', async () => {
      const store = new RedisDpopReplayStore(client, SETTINGS);
      await client.scriptFlush();
      const proof = use('key-s', 's');
      expect(await store.use(proof)).toBe('accepted');
      expect(await store.use(proof)).toBe('replayed');
    });

    it('a Redis out of memory (noeviction) refuses as full, with the configured Retry-After', async () => {
      const store = new RedisDpopReplayStore(client, SETTINGS, {
        retryAfterSeconds: 3,
      });
      await client.configSet('maxmemory', '1');
      try {
        const refusal = await refusalOf(store, use('key-m', 'm'));
        expect(refusal).toBeInstanceOf(DpopReplayStoreFullError);
        expect(refusal).toMatchObject({
          retryAfterSeconds: 3,
          cause: expect.objectContaining({
            message: expect.stringContaining('OOM'),
          }),
        });
        expect(store.unavailable).toBe(false);
      } finally {
        await client.configSet('maxmemory', '0');
      }
      expect(await store.use(use('key-m', 'm'))).toBe('accepted');
    });

    it('a Redis that does not answer is bounded by timeoutMs: DpopReplayUnavailableError, Retry-After as configured', async () => {
      const store = new RedisDpopReplayStore(client, SETTINGS, {
        timeoutMs: 200,
        retryAfterSeconds: 7,
      });
      redis.pause();
      try {
        const error = await store.use(use('key-t', 't')).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(DpopReplayUnavailableError);
        expect(error).toMatchObject({
          retryAfterSeconds: 7,
          cause: { name: 'RedisTimeoutError' },
        });
        expect(store.unavailable).toBe(true);
      } finally {
        redis.resume();
      }
      let verdict = await store.use(use('key-t', 't')).catch(() => 'error');
      for (let tries = 0; verdict !== 'accepted' && tries < 100; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        verdict = await store.use(use('key-t', 't')).catch(() => 'error');
      }
      expect(verdict).toBe('accepted');
      expect(store.unavailable).toBe(false);
    });
  },
);
