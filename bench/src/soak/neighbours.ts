import { Agent } from 'node:http';
import {
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import {
  DpopProofSource,
  generateBenchDpopKey,
} from '../issuer/dpop-proofs.js';
import { count, type Outcomes } from './flood-pool.js';
import { TENANT_SCOPE, type FloodTarget } from './hostile-tenant.js';
import {
  INITIALIZE_PARAMS,
  legacyRequest,
  modernRequest,
  rawPost,
} from './raw-mcp.js';

/** What other identities got from the resources the hostile tenant floods, while it holds them. */
export interface NeighbourOutcome {
  /** Listen streams opened by the SDK v2 client (pinned to 2026-07-28). */
  readonly listenStreams: Outcomes;
  /** 2025 `initialize` (each opens a session on the replica that answers). */
  readonly sessions: Outcomes;
  /** DPoP requests with fresh proofs of another key and identity. */
  readonly dpop: Outcomes;
}

/** Attempts of each kind: within every per-identity bound even if all reach one replica. */
const ATTEMPTS = { listen: 6, sessions: 6, dpop: 60 } as const;

/**
 * Three other identities use what the hostile tenant floods, while its streams and sessions are
 * held and its proofs fill the replay stores: listen streams through the real SDK v2 client,
 * 2025 `initialize` (raw: the SDK v1 client's next request of the session may reach another
 * replica behind round robin), and DPoP requests with fresh proofs. Every one should succeed.
 */
export async function probeNeighbours(
  target: FloodTarget,
): Promise<NeighbourOutcome> {
  const [listenStreams, sessions, dpop] = await Promise.all([
    listenAsNeighbour(target),
    openSessionsAsNeighbour(target),
    dpopAsNeighbour(target),
  ]);
  return { listenStreams, sessions, dpop };
}

async function listenAsNeighbour({
  url,
  resource,
  issuer,
}: FloodTarget): Promise<Outcomes> {
  const outcomes: Outcomes = {};
  const token = await issuer.mint({
    audience: resource,
    subject: 'neighbour-listen',
    scope: TENANT_SCOPE,
    expiresIn: 3600,
  });
  const client = new Client(
    { name: 'soak-neighbour', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  try {
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    const open: Array<{ close(): Promise<void> }> = [];
    for (let i = 0; i < ATTEMPTS.listen; i++) {
      try {
        open.push(
          await client.listen({ resourceSubscriptions: ['notes://neighbour'] }),
        );
        count(outcomes, 'opened');
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        count(outcomes, `refused ${String(code ?? (error as Error).message)}`);
      }
    }
    await Promise.allSettled(open.map((subscription) => subscription.close()));
  } catch (error) {
    count(outcomes, `connect failed: ${(error as Error).message}`);
  } finally {
    await client.close().catch(() => undefined);
  }
  return outcomes;
}

async function openSessionsAsNeighbour({
  url,
  resource,
  issuer,
}: FloodTarget): Promise<Outcomes> {
  const outcomes: Outcomes = {};
  const agent = new Agent({ keepAlive: true });
  const bearer = `Bearer ${await issuer.mint({
    audience: resource,
    subject: 'neighbour-session',
    scope: TENANT_SCOPE,
    expiresIn: 3600,
  })}`;
  for (let i = 0; i < ATTEMPTS.sessions; i++) {
    const answer = await rawPost(
      url,
      agent,
      bearer,
      legacyRequest('initialize', INITIALIZE_PARAMS),
    );
    count(
      outcomes,
      answer.status === 200 && answer.sessionId ? 'opened' : `${answer.status}`,
    );
  }
  agent.destroy();
  return outcomes;
}

async function dpopAsNeighbour({
  url,
  resource,
  issuer,
}: FloodTarget): Promise<Outcomes> {
  const outcomes: Outcomes = {};
  const agent = new Agent({ keepAlive: true });
  const key = generateBenchDpopKey();
  const token = await issuer.mint({
    audience: resource,
    subject: 'neighbour-dpop',
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
  for (let i = 0; i < ATTEMPTS.dpop; i++) {
    proofs.take();
    const answer = await rawPost(url, agent, `DPoP ${token}`, {
      body: call.body,
      headers: { ...call.headers, dpop: proofs.proof() },
    });
    count(outcomes, answer.result ? '200' : `${answer.status}`);
  }
  agent.destroy();
  return outcomes;
}
