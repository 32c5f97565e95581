import {
  SHIPPED_NGINX_CONFIG,
  SHIPPED_REPLICA_IDS,
} from '../replicas/nginx-proxy.js';
import { startReplicaCluster } from '../replicas/replica-cluster.js';
import { modernRequest } from '../soak/raw-mcp.js';
import { stopReplicaUnderSession } from './replica-gone.js';
import type { SessionOutcome } from './scripted-session.js';
import { runSdkV1Session } from './sdk-v1-session.js';
import { runSdkV2Session } from './sdk-v2-session.js';

/**
 * Scale-out proof: nginx with the shipped `deploy/nginx/mcp-replicas.conf` in front of 3
 * replicas of the compiled sample (stateful, `MCP_SERVER_REPLICA_ID` r1, r2, r3) that trust one
 * issuer. 2025-era sessions (SDK v1 client) stay on the replica their id names over every
 * request; MCP 2026-07-28 requests (SDK v2 client, no session) land on every replica; one token
 * works on every replica; each replica fetched the JWKS exactly once; the metadata and challenges
 * name the proxy's public URL; a session whose replica stopped answers 404 and a new session
 * works. Exits 1 when a check failed.
 */
const CALLS = 12;
const SESSIONS_2025 = 3;

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

const cluster = await startReplicaCluster({ MCP_SERVER_STATEFUL: 'true' });
try {
  const { proxy, issuer, replicas, resource } = cluster;
  const names = replicas.map((replica) => replica.name);
  console.log(
    `nginx ${proxy.origin} (${SHIPPED_NGINX_CONFIG}) -> ${replicas.map((r) => `${r.name}:${r.port}`).join(', ')}`,
  );

  const metadataUrl = `${proxy.origin}/.well-known/oauth-protected-resource/mcp`;
  const metadata = (await (await fetch(metadataUrl)).json()) as {
    resource?: string;
  };
  check(
    metadata.resource === resource,
    `metadata "resource" is the public URL ${resource}`,
  );

  const anonymous = await fetch(`${proxy.origin}/mcp`, { method: 'POST' });
  check(
    anonymous.status === 401 &&
      anonymous.headers.get('www-authenticate') ===
        `Bearer resource_metadata="${metadataUrl}"`,
    'a request without a token: 401 whose challenge points to the public metadata URL',
  );

  const token = await issuer.mint({
    audience: resource,
    subject: 'alice',
    scope: 'notes:read notes:write',
  });
  const opened = new Set<string>();
  for (let i = 0; i < SESSIONS_2025; i++) {
    const home = check2025Session(
      `2025 session ${i + 1}, SDK v1 client`,
      await runSdkV1Session(`${proxy.origin}/mcp`, token, CALLS),
    );
    if (home) opened.add(home);
  }
  check(
    opened.size > 1,
    `initialize is balanced (least_conn): the ${SESSIONS_2025} sessions opened on ${[...opened].join(', ')}`,
  );
  checkModernSession(
    'MCP 2026-07-28, SDK v2 client',
    await runSdkV2Session(`${proxy.origin}/mcp`, token, CALLS),
    names,
  );

  // A token first verified on one replica (direct), then used through the proxy on the others.
  const second = await issuer.mint({ audience: resource, subject: 'bob' });
  const direct = await mcpPost(
    `http://127.0.0.1:${replicas[0].port}/mcp`,
    second,
  );
  const through = await Promise.all(
    Array.from({ length: replicas.length * 2 }, () =>
      mcpPost(`${proxy.origin}/mcp`, second),
    ),
  );
  check(
    direct.status === 200 &&
      through.every((r) => r.status === 200) &&
      names.every((name) => through.some((r) => r.servedBy === name)),
    `a token verified on ${names[0]} is accepted by every replica through the proxy`,
  );

  for (const name of names) {
    const count = issuer.fetches(name);
    check(
      count.total === 1 && count.ok === 1,
      `${name} fetched the JWKS exactly once (${count.total})`,
    );
  }

  const gone = await stopReplicaUnderSession(
    `${proxy.origin}/mcp`,
    token,
    replicas,
  );
  check(
    gone.statusAfterStop === 404 &&
      gone.answeredBy !== null &&
      gone.answeredBy !== gone.stopped,
    `a 2025 session on ${gone.stopped}, stopped mid-session: its next request answers 404 (from ${gone.answeredBy}, a backup)`,
  );
  check(
    gone.newSessionReplica !== undefined &&
      gone.newSessionReplica !== gone.stopped &&
      gone.newSessionSubject === 'alice',
    `then a new 2025 session works, on ${gone.newSessionReplica}`,
  );
} finally {
  const codes = await cluster.stop();
  check(
    codes.every((code) => code === 0),
    `every replica exited 0 on SIGTERM (${codes.join(', ')})`,
  );
}
if (failures.length > 0) {
  console.log(`proxy check: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log(
  `proxy check: nginx (${SHIPPED_NGINX_CONFIG}) over ${SHIPPED_REPLICA_IDS.length} replicas OK`,
);

/**
 * The checks of one 2025-era session: all of it succeeded, and every request carrying its id was
 * answered by the replica the id names. Returns that replica.
 */
function check2025Session(
  what: string,
  session: SessionOutcome,
): string | undefined {
  const sessionId = session.exchanges.find((e) => e.sessionId)?.sessionId;
  const home = sessionId?.split('.')[0];
  const ofSession = session.exchanges.filter(
    (exchange) => exchange.sessionId !== null,
  );
  const posts = session.exchanges.filter((e) => e.method === 'POST');
  console.log(
    `${what}: id ${sessionId}, ${ofSession.length} requests of the session served by ${[...new Set(ofSession.map((e) => e.servedBy))].join(' ')}`,
  );
  check(
    posts.every((e) => e.status >= 200 && e.status < 300) &&
      session.subjects.length === CALLS &&
      session.subjects.every((s) => s === 'alice'),
    `${what}: all ${posts.length} POSTs succeeded, ${CALLS} whoami answered "alice"`,
  );
  check(
    home !== undefined &&
      (SHIPPED_REPLICA_IDS as readonly string[]).includes(home) &&
      ofSession.length >= CALLS &&
      ofSession.every((e) => e.servedBy === home),
    `${what}: all ${ofSession.length} requests of the session stayed on ${home}, the replica its id names`,
  );
  return home;
}

/** The checks of the MCP 2026-07-28 session: every request succeeded and landed on every replica. */
function checkModernSession(
  era: string,
  session: SessionOutcome,
  names: readonly string[],
): void {
  const posts = session.exchanges.filter(
    (exchange) => exchange.method === 'POST',
  );
  const servedBy = new Set(posts.map((exchange) => exchange.servedBy));
  console.log(
    `${era}: ${posts.length} POSTs, served by ${posts.map((e) => e.servedBy).join(' ')}`,
  );
  check(
    posts.every((e) => e.status >= 200 && e.status < 300),
    `${era}: all ${posts.length} POSTs of the session succeeded`,
  );
  check(
    names.every((name) => servedBy.has(name)),
    `${era}: the requests (no session) landed on every replica (${names.join(', ')})`,
  );
  check(
    session.subjects.length === CALLS &&
      session.subjects.every((s) => s === 'alice'),
    `${era}: every whoami answered subject "alice" (${session.subjects.length} calls), one token on all replicas`,
  );
  check(
    session.toolNames.includes('whoami'),
    `${era}: tools/list lists whoami`,
  );
}

/** One MCP 2026-07-28 `tools/call` of `whoami` (no session: any replica answers). */
async function mcpPost(
  url: string,
  token: string,
): Promise<{ status: number; servedBy: string | null }> {
  const { body, headers } = modernRequest(
    'tools/call',
    { name: 'whoami', arguments: {} },
    'whoami',
  );
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body,
  });
  await response.arrayBuffer();
  return {
    status: response.status,
    servedBy: response.headers.get('x-served-by'),
  };
}
