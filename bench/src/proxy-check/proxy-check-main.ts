import { startReplicaCluster } from '../replicas/replica-cluster.js';
import type { SessionOutcome } from './scripted-session.js';
import { runSdkV1Session } from './sdk-v1-session.js';
import { runSdkV2Session } from './sdk-v2-session.js';

/**
 * Scale-out proof: nginx round-robins 3 replicas of the compiled sample that trust one issuer.
 * A session of each era (SDK v1 client, 2025; SDK v2 client pinned to 2026-07-28) lands on every
 * replica and all of it succeeds, one token works on every
 * replica, each replica fetched the JWKS exactly once, and the metadata and challenges name the
 * proxy's public URL. Exits 1 on the first failed check.
 */
const REPLICAS = 3;
const CALLS = 9;

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

const cluster = await startReplicaCluster(REPLICAS);
try {
  const { proxy, issuer, replicas, resource } = cluster;
  const names = replicas.map((replica) => replica.name);
  console.log(
    `nginx ${proxy.origin} -> ${replicas.map((r) => `${r.name}:${r.port}`).join(', ')}`,
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
  const eras: Array<[string, typeof runSdkV1Session]> = [
    ['2025 era, SDK v1 client', runSdkV1Session],
    ['MCP 2026-07-28, SDK v2 client', runSdkV2Session],
  ];
  for (const [era, run] of eras) {
    checkSession(era, await run(`${proxy.origin}/mcp`, token, CALLS), names);
  }

  // A token first verified on one replica (direct), then used through the proxy on the others.
  const second = await issuer.mint({ audience: resource, subject: 'bob' });
  const direct = await mcpPost(
    `http://127.0.0.1:${replicas[0].port}/mcp`,
    second,
  );
  const through = await Promise.all(
    Array.from({ length: REPLICAS * 2 }, () =>
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
console.log('proxy check: nginx over 3 replicas OK');

/** The checks of one scripted session: every request succeeded and landed on every replica. */
function checkSession(
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
    `${era}: the session's requests landed on every replica (${names.join(', ')})`,
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

async function mcpPost(
  url: string,
  token: string,
): Promise<{ status: number; servedBy: string | null }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'whoami', arguments: {} },
    }),
  });
  await response.arrayBuffer();
  return {
    status: response.status,
    servedBy: response.headers.get('x-served-by'),
  };
}
