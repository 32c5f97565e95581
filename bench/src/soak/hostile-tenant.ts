import { Agent } from 'node:http';
import {
  DpopProofSource,
  generateBenchDpopKey,
} from '../issuer/dpop-proofs.js';
import type { ReplicaIssuer } from '../replicas/replica-issuer.js';
import { count, runPool, type Outcomes } from './flood-pool.js';
import { HOSTILE_LIMITS } from './hostile-limits.js';
import {
  INITIALIZE_PARAMS,
  legacyRequest,
  modernRequest,
  rawPost,
  type RawAnswer,
} from './raw-mcp.js';

/** The identity that floods (issuer + this subject). */
export const HOSTILE_SUBJECT = 'hostile-tenant';
/** Scopes of its tokens: enough to read and subscribe to the sample's notes. */
export const TENANT_SCOPE = 'notes:read notes:write';

/** What the hostile tenant got, per kind of flood. */
export interface FloodOutcomes {
  /** `subscriptions/listen` streams (MCP 2026-07-28), held open once accepted. */
  readonly listenStreams: Outcomes;
  /** `subscriptions/listen` asking for more resource URIs than a stream may have. */
  readonly listenFilters: Outcomes;
  /** 2025 `initialize` (stateful sessions), never closed. */
  readonly sessions: Outcomes;
  /** `resources/subscribe` in its own 2025 sessions. */
  readonly subscriptions: Outcomes;
  /** Requests with a fresh DPoP proof each (its own key, a bound token). */
  readonly dpop: Outcomes;
}

/** The flood's outcomes, and the listen streams it still holds. */
export interface HostileFlood {
  readonly outcomes: FloodOutcomes;
  /** Closes the listen streams it holds. */
  release(): void;
}

/** Where and as whom the flood runs. */
export interface FloodTarget {
  /** The public MCP endpoint (nginx in front of the replicas). */
  readonly url: URL;
  /** The resource (token audience, DPoP `htu`). */
  readonly resource: string;
  readonly issuer: ReplicaIssuer;
  readonly replicas: number;
}

/** A label for a raw answer: status, and the JSON-RPC error code when there is one. */
function labelOf(answer: RawAnswer): string {
  if (answer.status === 0) return 'no answer';
  if (answer.rpcError !== undefined)
    return `${answer.status} ${answer.rpcError}`;
  return String(answer.status);
}

/**
 * One authenticated identity floods the replicas through the proxy the way a hostile client
 * would, with raw HTTP: listen streams held open, 2025 sessions opened and never closed,
 * subscriptions in its sessions until refused, listen streams asking for too many URIs, and
 * fresh DPoP proofs (to fill the replay store). Each flood tries twice what the per-identity
 * bounds of all replicas together allow. Listen streams stay open until `release()`.
 */
export async function floodAsHostileTenant(
  target: FloodTarget,
): Promise<HostileFlood> {
  const { url, resource, issuer, replicas } = target;
  const agent = new Agent({ keepAlive: true });
  const streams = new Agent({ keepAlive: false });
  const bearer = `Bearer ${await issuer.mint({
    audience: resource,
    subject: HOSTILE_SUBJECT,
    scope: TENANT_SCOPE,
    expiresIn: 3600,
  })}`;
  const held: Array<() => void> = [];
  const flood: FloodOutcomes = {
    listenStreams: {},
    listenFilters: {},
    sessions: {},
    subscriptions: {},
    dpop: {},
  };
  const dpopFlood = floodDpop(target, flood.dpop);

  const tooMany = Array.from(
    { length: HOSTILE_LIMITS.maxSubscriptionsPerSession + 1 },
    (_, i) => `notes://flood-${i}`,
  );
  await runPool(4, 4 * replicas, async () => {
    const answer = await rawPost(
      url,
      agent,
      bearer,
      modernRequest('subscriptions/listen', {
        notifications: { resourceSubscriptions: tooMany },
      }),
    );
    count(flood.listenFilters, labelOf(answer));
  });

  const listenCap = HOSTILE_LIMITS.maxListenStreamsPerIdentity * replicas;
  await runPool(8, 2 * listenCap, async () => {
    const answer = await rawPost(
      url,
      streams,
      bearer,
      modernRequest('subscriptions/listen', {
        notifications: { resourceSubscriptions: ['notes://flood'] },
      }),
      true,
    );
    if (answer.close) held.push(answer.close);
    count(flood.listenStreams, answer.close ? '200 open' : labelOf(answer));
  });

  const sessionCap = HOSTILE_LIMITS.maxSessionsPerIdentity * replicas;
  const ownSessions = new Map<string, string>();
  await runPool(8, 2 * sessionCap, async () => {
    const answer = await rawPost(
      url,
      agent,
      bearer,
      legacyRequest('initialize', INITIALIZE_PARAMS),
    );
    if (answer.status === 200 && answer.sessionId && answer.servedBy) {
      if (!ownSessions.has(answer.servedBy))
        ownSessions.set(answer.servedBy, answer.sessionId);
      count(flood.sessions, '200 opened');
    } else count(flood.sessions, labelOf(answer));
  });

  // One session per replica subscribes until refused; nginx routes each request to the replica
  // its session id names.
  const sessionIds = [...ownSessions.values()];
  const capRefusals = new Map<string, number>();
  const allCapped = () =>
    sessionIds.every((id) => (capRefusals.get(id) ?? 0) >= 3);
  const perSession = HOSTILE_LIMITS.maxSubscriptionsPerSession + 3;
  await runPool(
    6,
    sessionIds.length * perSession * replicas * 2,
    async (i) => {
      const sessionId = sessionIds[i % sessionIds.length];
      const answer = await rawPost(
        url,
        agent,
        bearer,
        legacyRequest(
          'resources/subscribe',
          { uri: `notes://flood-${i}` },
          sessionId,
        ),
      );
      if (answer.rpcError === -32000)
        capRefusals.set(sessionId, (capRefusals.get(sessionId) ?? 0) + 1);
      count(
        flood.subscriptions,
        answer.result ? '200 subscribed' : labelOf(answer),
      );
    },
    allCapped,
  );

  await dpopFlood;
  agent.destroy();
  return {
    outcomes: flood,
    release() {
      for (const close of held.splice(0)) close();
      streams.destroy();
    },
  };
}

/**
 * `tools/call whoami` with a fresh proof each (RFC 9449 §4.2: unique `jti`) from the tenant's own
 * key and a token bound to it: every accepted proof takes a place in the replica's replay store
 * until its `iat` window ends, so the flood sends twice the quota of all replicas together.
 */
async function floodDpop(
  { url, resource, issuer, replicas }: FloodTarget,
  outcomes: Outcomes,
): Promise<void> {
  const agent = new Agent({ keepAlive: true });
  const key = generateBenchDpopKey();
  const token = await issuer.mint({
    audience: resource,
    subject: HOSTILE_SUBJECT,
    scope: TENANT_SCOPE,
    expiresIn: 3600,
    dpopKey: { jkt: key.jkt },
  });
  const call = modernRequest(
    'tools/call',
    { name: 'whoami', arguments: {} },
    'whoami',
  );
  const proofs = new DpopProofSource(key, [token], resource, call.body);
  await runPool(4, 2 * HOSTILE_LIMITS.dpopReplayQuota * replicas, async () => {
    proofs.take();
    const answer = await rawPost(url, agent, `DPoP ${token}`, {
      body: call.body,
      headers: { ...call.headers, dpop: proofs.proof() },
    });
    const refusal = /^DPoP error="([a-z_]+)"/.exec(answer.challenge)?.[1];
    count(outcomes, refusal ? `${answer.status} ${refusal}` : labelOf(answer));
  });
  agent.destroy();
}
