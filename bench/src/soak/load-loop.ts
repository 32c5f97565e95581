import { Agent, request } from 'node:http';
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

const BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'whoami', arguments: {} },
});

/**
 * Closed-loop load: `concurrency` workers each send one `tools/call whoami` at a time to `url`
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
          'mcp-protocol-version': '2025-06-18',
          'content-length': Buffer.byteLength(BODY),
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
