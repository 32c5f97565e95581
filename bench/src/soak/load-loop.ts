import { Agent, request } from 'node:http';
import { modernRequest } from './raw-mcp.js';
import type { TokenKind } from './token-mix.js';

/** One answered (or failed) request of the load. */
export interface RequestRecord {
  readonly kind: TokenKind;
  /** HTTP status; 0 when the request failed without an answer. */
  readonly status: number;
  /** Whether a 401/403 carried `error="invalid_token"`, and a 503 a `Retry-After`. */
  readonly challengeOk: boolean;
  readonly servedBy: string | undefined;
  /** Start time (performance.now) and latency, in milliseconds. */
  readonly at: number;
  readonly ms: number;
}

/**
 * MCP 2026-07-28 (stateless by definition): any replica answers any call, also when the replicas
 * keep 2025 sessions (`MCP_SERVER_STATEFUL`), where a 2025-era call needs a session of its own.
 */
const { body: BODY, headers: MODERN_HEADERS } = modernRequest(
  'tools/call',
  { name: 'whoami', arguments: {} },
  'whoami',
);

/**
 * Closed-loop load: `concurrency` workers each send one MCP 2026-07-28 `tools/call whoami` at a time to `url`
 * over keep-alive connections, with the token `next()` gives, until `stop()`; every answer is
 * passed to `record`.
 */
export function startLoad(
  url: string,
  concurrency: number,
  next: () => { kind: TokenKind; token: string },
  record: (entry: RequestRecord) => void,
): { stop(): Promise<void> } {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let running = true;
  const worker = async () => {
    while (running) record(await send(target, agent, next()));
  };
  const workers = Array.from({ length: concurrency }, worker);
  return {
    async stop() {
      running = false;
      await Promise.all(workers);
      agent.destroy();
    },
  };
}

function send(
  target: URL,
  agent: Agent,
  { kind, token }: { kind: TokenKind; token: string },
): Promise<RequestRecord> {
  const at = performance.now();
  return new Promise((resolve) => {
    const done = (status: number, challengeOk: boolean, servedBy?: string) =>
      resolve({
        kind,
        status,
        challengeOk,
        servedBy,
        at,
        ms: performance.now() - at,
      });
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        timeout: 30_000,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'content-length': Buffer.byteLength(BODY),
          ...MODERN_HEADERS,
        },
      },
      (res) => {
        res.resume();
        res.once('end', () => {
          const status = res.statusCode ?? 0;
          const challenge = String(res.headers['www-authenticate'] ?? '');
          const challengeOk =
            status === 401 || status === 403
              ? challenge.includes('error="invalid_token"')
              : status === 503
                ? res.headers['retry-after'] !== undefined
                : true;
          done(
            status,
            challengeOk,
            res.headers['x-served-by'] as string | undefined,
          );
        });
        res.once('error', () => done(0, false));
      },
    );
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', () => done(0, false));
    req.end(BODY);
  });
}
