import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
} from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { AppModule } from '../apps/sample/src/app.module.js';
import type { DpopResponse } from './dpop/dpop-request.js';
import {
  dpopCaller,
  dpopProofOf,
  sendAsDpopCaller,
  type DpopCaller as Caller,
} from './support/dpop-caller.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { listen } from './support/listen.js';
import { toolsCall } from './support/mcp-client.js';
import { setSampleAuthEnv, trustedIssuer } from './support/sample-auth-env.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const BODY = toolsCall('whoami');

/**
 * RFC 9449 §11.1 against a flood: the replay store never drops a live proof, and a caller at its
 * quota is refused alone. The sample listens with real signed tokens and real proofs.
 */
describe.each(HTTP_ADAPTERS)(
  'DPoP replay store under a flood (RFC 9449 §11.1) on %s',
  (adapter) => {
    const saved = { ...process.env };
    let idp: TestIssuer;
    let app: INestApplication | undefined;

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
    });
    afterEach(async () => {
      await app?.close();
      app = undefined;
      process.env = { ...saved };
    });
    afterAll(async () => {
      process.env = saved;
      await idp.close();
    });

    async function start(env: Record<string, string>): Promise<string> {
      setSampleAuthEnv(RESOURCE, [trustedIssuer(idp)], env);
      const started = await listen({ imports: [AppModule] }, undefined, {
        adapter,
      });
      app = started.app;
      return started.url;
    }

    const caller = (subject: string, scope?: string) =>
      dpopCaller(idp, subject, scope);
    const proofOf = (who: Caller) => dpopProofOf(who, RESOURCE);
    const send = (url: string, who: Caller, proof: string) =>
      sendAsDpopCaller(url, who, proof, BODY);

    /** `count` fresh proofs of `who`, eight at a time; the statuses, sorted. */
    async function flood(
      url: string,
      who: Caller,
      count: number,
    ): Promise<number[]> {
      const statuses: number[] = [];
      for (let sent = 0; sent < count; sent += 8) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(8, count - sent) }, async () =>
            send(url, who, await proofOf(who)),
          ),
        );
        statuses.push(...batch.map((response) => response.status));
      }
      return statuses.sort();
    }

    /** The `subject` whoami answered, from a JSON or an SSE (`data:` line) answer. */
    const subjectOf = (response: DpopResponse): unknown => {
      const json = response.body.startsWith('{')
        ? response.body
        : (/^data: (.*)$/m.exec(response.body)?.[1] ?? '{}');
      const message = JSON.parse(json) as {
        result?: { structuredContent?: { subject?: string } };
      };
      return message.result?.structuredContent?.subject;
    };

    const expectProofRefused = (response: DpopResponse) => {
      expect(response.status).toBe(401);
      expect(response.challenge).toMatch(/^DPoP error="invalid_dpop_proof"/);
    };

    it('a flood of 1,000 proofs with a smaller store does not let a replayed proof through, and the victim goes on', async () => {
      const url = await start({ MCP_AUTH_DPOP_REPLAY_CACHE_SIZE: '1000' });
      const victim = await caller('victim', 'notes:read notes:write');
      const attacker = await caller('attacker');
      const captured = await proofOf(victim);
      const first = await send(url, victim, captured);
      expect(first.status).toBe(200);
      expect(subjectOf(first)).toBe('victim');
      expectProofRefused(await send(url, victim, captured));

      const statuses = await flood(url, attacker, 1_000);
      // The default quota per identity and per key: a tenth of the store.
      expect(statuses.filter((status) => status === 200)).toHaveLength(100);
      expect(statuses.filter((status) => status === 401)).toHaveLength(900);

      expectProofRefused(await send(url, victim, captured));
      const fresh = await send(url, victim, await proofOf(victim));
      expect(fresh.status).toBe(200);
      expect(subjectOf(fresh)).toBe('victim');
    });

    it('an identity at its quota over several keys is refused alone; another identity keeps getting in', async () => {
      const url = await start({
        MCP_AUTH_DPOP_REPLAY_IDENTITY_QUOTA: '6',
        MCP_AUTH_DPOP_REPLAY_KEY_QUOTA: '4',
      });
      const [attackerKey1, attackerKey2, other] = await Promise.all([
        caller('attacker'),
        caller('attacker'),
        caller('someone-else'),
      ]);
      // Four proofs with one key fill that key's quota; its fifth is refused.
      expect(await flood(url, attackerKey1, 5)).toEqual([
        200, 200, 200, 200, 401,
      ]);
      // The identity's second key gets the two proofs left of the identity's quota.
      expect(await flood(url, attackerKey2, 3)).toEqual([200, 200, 401]);
      const response = await send(url, other, await proofOf(other));
      expect(response.status).toBe(200);
      expect(subjectOf(response)).toBe('someone-else');
      expect(await flood(url, other, 3)).toEqual([200, 200, 200]);
    });

    it('a full store fails closed: new proofs are refused, and live ones are still remembered', async () => {
      const url = await start({
        MCP_AUTH_DPOP_REPLAY_CACHE_SIZE: '1000',
        MCP_AUTH_DPOP_REPLAY_IDENTITY_QUOTA: '1000',
        MCP_AUTH_DPOP_REPLAY_KEY_QUOTA: '1000',
      });
      const victim = await caller('victim');
      const attacker = await caller('attacker');
      const captured = await proofOf(victim);
      expect((await send(url, victim, captured)).status).toBe(200);
      const statuses = await flood(url, attacker, 1_000);
      expect(statuses.filter((status) => status === 200)).toHaveLength(999);
      expectProofRefused(await send(url, victim, captured));
      expectProofRefused(await send(url, victim, await proofOf(victim)));
    });

    it('refuses at boot a quota larger than the store, naming the option', async () => {
      await expect(
        start({
          MCP_AUTH_DPOP_REPLAY_CACHE_SIZE: '1000',
          MCP_AUTH_DPOP_REPLAY_IDENTITY_QUOTA: '1001',
        }),
      ).rejects.toThrow(
        /"dpopReplayIdentityQuota": must not exceed dpopReplayCacheSize \(1000\)/,
      );
    });
  },
);
