import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DpopProofSource,
  generateBenchDpopKey,
} from '../issuer/dpop-proofs.js';
import type { ReplicaIssuer } from '../replicas/replica-issuer.js';
import { modernRequest, rawPost } from './raw-mcp.js';
import type { SoakRedis } from './soak-redis.js';

/** What one DPoP request of the phase was. */
export type DpopKind =
  /** A fresh proof: 200 with Redis up, 503 + Retry-After with Redis down. */
  | 'fresh'
  /** The proof of a `fresh` request just accepted, sent again through the proxy. */
  | 'replay'
  /** A proof accepted shortly before Redis stopped, sent again once Redis is back. */
  | 'replay-across-restart'
  /** A proof signed by another key than the token's `cnf.jkt`. */
  | 'wrong-key'
  /** A proof for another URL (`htu`). */
  | 'wrong-htu'
  /** The DPoP-bound token sent as a bearer token, without a proof. */
  | 'bound-as-bearer';

/** One DPoP request of the phase. */
export interface DpopRecord {
  readonly kind: DpopKind;
  /** `performance.now()` when sent, and when answered. */
  readonly sentAt: number;
  readonly at: number;
  readonly status: number;
  readonly retryAfter?: string;
  readonly servedBy?: string;
}

/** The phase's timeline (`performance.now()`) and every DPoP request. */
export interface RedisRestartRun {
  readonly records: readonly DpopRecord[];
  /** Stop asked, Redis exited, start asked, Redis accepting connections again. */
  readonly stopAskedAt: number;
  readonly stoppedAt: number;
  readonly startAskedAt: number;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Load average (1 min) at the start and at the end of the phase. */
  readonly load: readonly [number, number];
}

/** Durations of the phase, in seconds. */
export interface RedisRestartPlan {
  readonly upSeconds: number;
  readonly downSeconds: number;
  readonly afterSeconds: number;
  /** Fresh DPoP proofs sent per second (each with its replay and one invalid request). */
  readonly perSecond: number;
}

/** DPoP callers (own key, own identity): the live proofs of each stay far below the quotas. */
const CALLERS = 8;
/** Proofs accepted shortly before the stop, replayed once Redis is back. */
const REPLAYED_ACROSS_RESTART = 20;
/** Rounds in flight at most (a loaded machine slows the answers; the pace then drops). */
const MAX_IN_FLIGHT = 16;

/**
 * DPoP traffic through the proxy while `redis` (the replicas' shared replay store) is stopped and
 * started again: at `perSecond`, a fresh proof from one of `CALLERS` keys (bound tokens), the same
 * proof sent again when it was accepted (a replay, most often landing on another replica), and one
 * invalid request (proof of another key, proof for another URL, bound token without proof). Once
 * Redis is back and has accepted a proof, proofs accepted before the stop are replayed.
 */
export async function runRedisRestart(
  {
    url,
    resource,
    issuer,
  }: { url: URL; resource: string; issuer: ReplicaIssuer },
  redis: SoakRedis,
  plan: RedisRestartPlan,
): Promise<RedisRestartRun> {
  const loadAtStart = loadavg()[0];
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const call = modernRequest(
    'tools/call',
    { name: 'whoami', arguments: {} },
    'whoami',
  );
  const callers = await Promise.all(
    Array.from({ length: CALLERS }, async (_, i) => {
      const key = generateBenchDpopKey();
      const token = await issuer.mint({
        audience: resource,
        subject: `dpop-caller-${i}`,
        scope: 'notes:read',
        expiresIn: 3600,
        dpopKey: { jkt: key.jkt },
      });
      return {
        token,
        proofs: new DpopProofSource(key, [token], resource, call.body),
        otherKey: new DpopProofSource(
          generateBenchDpopKey(),
          [token],
          resource,
          call.body,
        ),
        otherUrl: new DpopProofSource(
          key,
          [token],
          `${resource}/elsewhere`,
          call.body,
        ),
      };
    }),
  );
  const records: DpopRecord[] = [];
  const send = async (
    kind: DpopKind,
    authorization: string,
    proof: string | undefined,
  ) => {
    const sentAt = performance.now();
    const answer = await rawPost(url, agent, authorization, {
      body: call.body,
      headers: proof ? { ...call.headers, dpop: proof } : call.headers,
    });
    records.push({
      kind,
      sentAt,
      at: performance.now(),
      status: answer.status,
      retryAfter: answer.retryAfter,
      servedBy: answer.servedBy,
    });
    return answer;
  };
  let redisUp = true;
  const acceptedBeforeStop: Array<{ token: string; proof: string }> = [];
  let round = 0;
  let inFlight = 0;
  const runRound = async () => {
    const caller = callers[round % CALLERS];
    const invalid = round % 3;
    round++;
    inFlight++;
    try {
      caller.proofs.take();
      const proof = caller.proofs.proof();
      const fresh = await send('fresh', `DPoP ${caller.token}`, proof);
      if (fresh.status === 200) {
        if (redisUp) {
          acceptedBeforeStop.push({ token: caller.token, proof });
          if (acceptedBeforeStop.length > REPLAYED_ACROSS_RESTART)
            acceptedBeforeStop.shift();
        }
        await send('replay', `DPoP ${caller.token}`, proof);
      }
      if (invalid === 0) {
        caller.otherKey.take();
        await send(
          'wrong-key',
          `DPoP ${caller.token}`,
          caller.otherKey.proof(),
        );
      } else if (invalid === 1) {
        caller.otherUrl.take();
        await send(
          'wrong-htu',
          `DPoP ${caller.token}`,
          caller.otherUrl.proof(),
        );
      } else {
        await send('bound-as-bearer', `Bearer ${caller.token}`, undefined);
      }
    } finally {
      inFlight--;
    }
  };
  const rounds: Promise<void>[] = [];
  const pacer = setInterval(() => {
    if (inFlight < MAX_IN_FLIGHT) rounds.push(runRound());
  }, 1000 / plan.perSecond);

  try {
    await sleep(plan.upSeconds * 1000);
    const stopAskedAt = performance.now();
    redisUp = false;
    await redis.stop();
    const stoppedAt = performance.now();
    const replayable = acceptedBeforeStop.splice(0);
    await sleep(plan.downSeconds * 1000);
    const startAskedAt = performance.now();
    await redis.start();
    const startedAt = performance.now();
    // Once a fresh proof is accepted again, replay the proofs accepted before the stop.
    while (
      performance.now() - startedAt < plan.afterSeconds * 1000 &&
      !records.some(
        (r) => r.kind === 'fresh' && r.status === 200 && r.sentAt >= startedAt,
      )
    )
      await sleep(100);
    await Promise.all(
      replayable.map(({ token, proof }) =>
        send('replay-across-restart', `DPoP ${token}`, proof),
      ),
    );
    const left = plan.afterSeconds * 1000 - (performance.now() - startedAt);
    if (left > 0) await sleep(left);
    clearInterval(pacer);
    await Promise.all(rounds);
    return {
      records,
      stopAskedAt,
      stoppedAt,
      startAskedAt,
      startedAt,
      endedAt: performance.now(),
      load: [loadAtStart, loadavg()[0]],
    };
  } finally {
    clearInterval(pacer);
    agent.destroy();
  }
}
