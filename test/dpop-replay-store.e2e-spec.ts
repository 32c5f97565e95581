import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
} from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { DPOP_REPLAY_STORE, type DpopReplayStore } from '@nest-mcp/auth';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { AppModule } from '../apps/sample/src/app.module.js';
import { sendDpop, type DpopResponse } from './dpop/dpop-request.js';
import { CapturingLogger } from './support/capturing-logger.js';
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
    let logger: CapturingLogger;

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
      logger = new CapturingLogger();
      const started = await listen({ imports: [AppModule] }, logger, {
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

    const header = (response: DpopResponse, name: string) =>
      response.headers.find(([key]) => key === name)?.[1];

    /**
     * RFC 9449 §11.1: a full store refuses new proofs (fail closed) as "not now" for everyone:
     * 503 with `Retry-After` and no challenge about the proof, so a client keeps its token.
     */
    const expectStoreFull = (response: DpopResponse, atMost: number) => {
      expect(response.status).toBe(503);
      const retryAfter = header(response, 'retry-after');
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(atMost);
      expect(header(response, 'cache-control')).toBe('no-store');
      expect(response.challenge ?? '').not.toContain('invalid_dpop_proof');
      expect(JSON.parse(response.body)).toMatchObject({
        statusCode: 503,
        error: 'temporarily_unavailable',
      });
      return Number(retryAfter);
    };

    const bearerStatus = async (url: string, token: string) =>
      (await sendDpop(url, { authorization: `Bearer ${token}`, body: BODY }))
        .status;

    it('a store filled by four identities answers a fifth 503 with Retry-After, bearer requests still 200, live proofs still remembered', async () => {
      const url = await start({
        MCP_AUTH_DPOP_REPLAY_CACHE_SIZE: '1000',
        MCP_AUTH_DPOP_REPLAY_IDENTITY_QUOTA: '250',
        MCP_AUTH_DPOP_REPLAY_KEY_QUOTA: '250',
      });
      const victim = await caller('victim');
      const captured = await proofOf(victim);
      expect((await send(url, victim, captured)).status).toBe(200);
      const fillers = await Promise.all(
        ['filler-1', 'filler-2', 'filler-3', 'filler-4'].map((who) =>
          caller(who),
        ),
      );
      const statuses: number[] = [];
      for (const filler of fillers)
        statuses.push(...(await flood(url, filler, 250)));
      // 999 entries of the fillers and the victim's one: the last filler proof finds no room.
      expect(statuses.filter((status) => status === 200)).toHaveLength(999);
      expect(statuses.filter((status) => status === 503)).toHaveLength(1);

      const newcomer = await caller('newcomer');
      const proof = await proofOf(newcomer);
      // The oldest entry (the victim's) stays until its iat + 300 s.
      expectStoreFull(await send(url, newcomer, proof), 300);
      // Nothing was recorded: the same proof is refused as full again, not as a replay.
      expectStoreFull(await send(url, newcomer, proof), 300);
      // A replay is still refused as such, and a caller at its quota is still refused alone.
      expectProofRefused(await send(url, victim, captured));
      expectProofRefused(
        await send(url, fillers[0], await proofOf(fillers[0])),
      );
      const bearer = await idp.mint({ subject: 'bearer-user' });
      expect(await bearerStatus(url, bearer)).toBe(200);

      const lines = logger.lines.filter((line) =>
        line.includes('reason=replay_store_full'),
      );
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines[0]).toMatch(
        /^Rejected DPoP request: reason=replay_store_full retry_after=\d+s; fix: .*MCP_AUTH_DPOP_REPLAY_CACHE_SIZE/,
      );
      const log = logger.lines.join('\n');
      for (const secret of [newcomer.token, proof, bearer, captured])
        expect(log).not.toContain(secret);
    });

    it('a full store takes new proofs again once its oldest entries leave the window, within the Retry-After it sent', async () => {
      const url = await start({
        MCP_AUTH_DPOP_REPLAY_CACHE_SIZE: '1000',
        MCP_AUTH_DPOP_REPLAY_IDENTITY_QUOTA: '250',
        MCP_AUTH_DPOP_REPLAY_KEY_QUOTA: '250',
      });
      const newcomer = await caller('newcomer');
      const first = await proofOf(newcomer);
      const bearer = await idp.mint({ subject: 'bearer-user' });
      expect(await bearerStatus(url, bearer)).toBe(200); // the issuer's keys are fetched now
      // Four identities fill the store with proofs whose windows end in five seconds, through the
      // store the guard uses (a thousand proofs that old cannot be sent in time on a busy machine).
      const store = app!.get<DpopReplayStore>(DPOP_REPLAY_STORE);
      const until = Date.now() + 5_000;
      for (let i = 0; i < 1_000; i += 1) {
        expect(
          await store.use({
            jkt: `filler-key-${i % 4}`,
            jti: `filler-${i}`,
            issuer: idp.issuer,
            subject: `filler-${i % 4}`,
            until,
          }),
        ).toBe('accepted');
      }
      const retryAfter = expectStoreFull(await send(url, newcomer, first), 6);
      expect(await bearerStatus(url, bearer)).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
      // Event-driven: a fresh proof until one is taken (generous bound for a loaded machine).
      let response = await send(url, newcomer, await proofOf(newcomer));
      for (let tries = 0; response.status !== 200 && tries < 100; tries += 1) {
        expectStoreFull(response, 6);
        await new Promise((resolve) => setTimeout(resolve, 100));
        response = await send(url, newcomer, await proofOf(newcomer));
      }
      expect(response.status).toBe(200);
      expect(subjectOf(response)).toBe('newcomer');
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
