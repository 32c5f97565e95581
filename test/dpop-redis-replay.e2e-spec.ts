import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { createClient } from 'redis';
import { sendDpop, type DpopResponse } from './dpop/dpop-request.js';
import {
  dpopCaller,
  dpopProofOf,
  sendAsDpopCaller,
  type DpopCaller as Caller,
} from './support/dpop-caller.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { CapturingLogger } from './support/capturing-logger.js';
import { toolsCall } from './support/mcp-client.js';
import {
  startRedisServer,
  type TestRedisServer,
} from './support/redis-server.js';
import { setSampleAuthEnv, trustedIssuer } from './support/sample-auth-env.js';
import { listenSampleReplicas } from './support/sample-replicas.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const BODY = toolsCall('whoami');

/**
 * RFC 9449 §11.1 across replicas: two instances of the sample (`MCP_REDIS_URL`) share one real
 * `redis-server`, with real signed tokens and real proofs. A proof is single use across both,
 * the quotas hold across both, and with Redis full or down DPoP fails closed (503, `Retry-After`)
 * while bearer tokens keep working, until Redis has room or is back (no restart).
 */
describe.each(HTTP_ADAPTERS)(
  'DPoP replay store on Redis, shared by two replicas (RFC 9449 §11.1) on %s',
  (adapter) => {
    const saved = { ...process.env };
    const logger = new CapturingLogger();
    let idp: TestIssuer;
    let redis: TestRedisServer;
    const apps: INestApplication[] = [];
    let replicaA: string;
    let replicaB: string;

    beforeAll(async () => {
      [idp, redis] = await Promise.all([
        startTestIssuer({ audience: RESOURCE }),
        startRedisServer(),
      ]);
      setSampleAuthEnv(RESOURCE, [trustedIssuer(idp)], {
        MCP_AUTH_DPOP_REPLAY_KEY_QUOTA: '4',
        MCP_AUTH_DPOP_REPLAY_IDENTITY_QUOTA: '6',
        MCP_REDIS_URL: redis.url,
      });
      [replicaA, replicaB] = await listenSampleReplicas(
        apps,
        2,
        logger,
        adapter,
      );
    });
    afterAll(async () => {
      await Promise.all(apps.map((app) => app.close()));
      process.env = saved;
      await Promise.all([idp?.close(), redis?.stop()]);
    });

    const caller = (subject: string) =>
      dpopCaller(idp, subject, 'notes:read notes:write');
    const proofOf = (who: Caller) => dpopProofOf(who, RESOURCE);
    const send = (url: string, who: Caller, proof: string) =>
      sendAsDpopCaller(url, who, proof, BODY);

    /** One fresh proof of `who` per replica in `urls`, in order; the statuses. */
    async function useFresh(who: Caller, urls: string[]): Promise<number[]> {
      const statuses: number[] = [];
      for (const url of urls)
        statuses.push((await send(url, who, await proofOf(who))).status);
      return statuses;
    }

    const expectProofRefused = (response: DpopResponse) => {
      expect(response.status).toBe(401);
      expect(response.challenge).toMatch(/^DPoP error="invalid_dpop_proof"/);
    };

    it('a proof used on replica A is refused on replica B, and on A again', async () => {
      const victim = await caller('victim');
      const captured = await proofOf(victim);
      expect((await send(replicaA, victim, captured)).status).toBe(200);
      expectProofRefused(await send(replicaB, victim, captured));
      expectProofRefused(await send(replicaA, victim, captured));
      // Two replicas racing the same fresh proof: exactly one accepts it.
      const raced = await proofOf(victim);
      const statuses = (
        await Promise.all([
          send(replicaA, victim, raced),
          send(replicaB, victim, raced),
        ])
      ).map((response) => response.status);
      expect(statuses.sort()).toEqual([200, 401]);
    });

    it('the per-key and per-identity quotas hold across the two replicas', async () => {
      const [key1, key2, other] = await Promise.all([
        caller('attacker'),
        caller('attacker'),
        caller('someone-else'),
      ]);
      // Key quota 4: two proofs on each replica, then the fifth is refused on either.
      expect(
        await useFresh(key1, [replicaA, replicaB, replicaA, replicaB]),
      ).toEqual([200, 200, 200, 200]);
      expectProofRefused(await send(replicaA, key1, await proofOf(key1)));
      expectProofRefused(await send(replicaB, key1, await proofOf(key1)));
      // Identity quota 6: the identity's second key gets the two entries left, on any replica.
      expect(await useFresh(key2, [replicaB, replicaA, replicaB])).toEqual([
        200, 200, 401,
      ]);
      // Another identity is not affected.
      expect(await useFresh(other, [replicaA, replicaB, replicaA])).toEqual([
        200, 200, 200,
      ]);
    });

    const header = (response: DpopResponse, name: string) =>
      response.headers.find(([key]) => key === name)?.[1];

    it('Redis full (noeviction): DPoP answers 503 with Retry-After on both replicas, never 401; bearer still 200; with room again DPoP works', async () => {
      const who = await caller('full-store');
      const bearer = await idp.mint({
        subject: 'bearer-user',
        scope: 'notes:read notes:write',
      });
      const admin = createClient({ url: redis.url });
      await admin.connect();
      try {
        await admin.configSet('maxmemory', '1');
        for (const url of [replicaA, replicaB]) {
          const proof = await proofOf(who);
          const response = await send(url, who, proof);
          expect(response.status).toBe(503);
          // The store's retryAfterSeconds (default 5): Redis cannot tell when memory frees up.
          expect(header(response, 'retry-after')).toBe('5');
          expect(header(response, 'cache-control')).toBe('no-store');
          expect(response.challenge ?? '').not.toContain('invalid_dpop_proof');
          expect(JSON.parse(response.body)).toMatchObject({
            statusCode: 503,
            error: 'temporarily_unavailable',
          });
          const plain = await sendDpop(url, {
            authorization: `Bearer ${bearer}`,
            body: BODY,
          });
          expect(plain.status).toBe(200);
        }
        const lines = logger.lines.filter((line) =>
          line.includes('reason=replay_store_full'),
        );
        expect(lines.length).toBeGreaterThanOrEqual(2);
        expect(lines[0]).toMatch(
          /^Rejected DPoP request: reason=replay_store_full retry_after=5s; fix: .*maxmemory/,
        );
        // Full is not an outage: no outage warning.
        expect(
          logger.lines.filter((line) => line.includes('Redis is unavailable')),
        ).toHaveLength(0);
        expect(logger.lines.join('\n')).not.toContain(who.token);
      } finally {
        await admin.configSet('maxmemory', '0');
        admin.destroy();
      }
      expect(await useFresh(who, [replicaA, replicaB])).toEqual([200, 200]);
    });

    it('Redis down: DPoP answers 503 with Retry-After, bearer still 200, one warning; back up: DPoP works without restart', async () => {
      const who = await caller('outage');
      const bearer = await idp.mint({
        subject: 'bearer-user',
        scope: 'notes:read notes:write',
      });
      const warnings = () =>
        logger.lines.filter((line) =>
          line.includes('DPoP replay store: Redis is unavailable'),
        );
      expect(warnings()).toHaveLength(0);
      await redis.stop();

      for (const url of [replicaA, replicaA, replicaB, replicaB]) {
        const response = await send(url, who, await proofOf(who));
        expect(response.status).toBe(503);
        expect(
          response.headers.find(([name]) => name === 'retry-after')?.[1],
        ).toBe('5');
        expect(response.body).not.toContain(who.token);
        const plain = await sendDpop(url, {
          authorization: `Bearer ${bearer}`,
          body: BODY,
        });
        expect(plain.status).toBe(200);
      }
      // Once per replica and outage, not per request; never a token.
      expect(warnings()).toHaveLength(2);
      expect(logger.lines.join('\n')).not.toContain(who.token);
      expect(logger.lines.join('\n')).not.toContain(bearer);

      await redis.start();
      // The clients reconnect on their own (backing off up to 2 s): poll with fresh proofs.
      for (const url of [replicaA, replicaB]) {
        let status = 0;
        for (let attempt = 0; attempt < 200 && status !== 200; attempt += 1) {
          status = (await send(url, who, await proofOf(who))).status;
          if (status !== 200) {
            expect(status).toBe(503);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        expect(status).toBe(200);
      }
      const captured = await proofOf(who);
      expect((await send(replicaB, who, captured)).status).toBe(200);
      expectProofRefused(await send(replicaA, who, captured));
      expect(
        logger.lines.filter((line) =>
          line.includes('DPoP replay store: Redis answers again'),
        ),
      ).toHaveLength(2);
    });
  },
);
