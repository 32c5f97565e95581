import { createServer, type Server, type Socket } from 'node:net';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  generateSigningKey,
  mintAccessToken,
  type MintOptions,
  type TestSigningKey,
} from '@nest-mcp/auth/testing';

/** How the issuer's JWKS answers: normally, 500, or after a delay; `down` refuses connections. */
export type IssuerMode =
  | { kind: 'up' }
  | { kind: 'down' }
  | { kind: 'status'; status: number }
  | { kind: 'slow'; delayMs: number };

/**
 * One trusted issuer for many replicas: a JWKS over HTTP on 127.0.0.1 whose fetches are counted
 * per replica (each replica is configured with `jwksUriFor(name)`, the same JWKS with
 * `?replica=<name>`), key rotation with overlap, and faults (connection refused, 5xx, slow).
 */
export interface ReplicaIssuer {
  readonly issuer: string;
  /** The JWKS URL replica `name` is configured with. */
  jwksUriFor(name: string): string;
  /** The key that signs by default. */
  readonly key: TestSigningKey;
  /** Every key published so far, oldest first. */
  readonly keys: readonly TestSigningKey[];
  /** Signs a token (default key: the signing key). */
  mint(options: Partial<MintOptions>, key?: TestSigningKey): Promise<string>;
  /** Publishes a new key next to the current ones (it does not sign yet). */
  prepublish(): Promise<TestSigningKey>;
  /** Makes `key` the signing key (older keys stay published until `withdrawBefore`). */
  signWith(key: TestSigningKey): void;
  /** Withdraws every key published before `key` from the JWKS. */
  withdrawBefore(key: TestSigningKey): void;
  /** Switches how the JWKS answers. */
  setMode(mode: IssuerMode): Promise<void>;
  /** JWKS requests received from replica `name`, and how many got a 200 (all when no name). */
  fetches(name?: string): { total: number; ok: number };
  /** Times (performance.now) of replica `name`'s successful JWKS answers, in order. */
  successTimes(name: string): readonly number[];
  close(): Promise<void>;
}

/** Starts a `ReplicaIssuer` on a free loopback port. */
export async function startReplicaIssuer(): Promise<ReplicaIssuer> {
  let signing = await generateSigningKey('RS256');
  let published: TestSigningKey[] = [signing];
  const all: TestSigningKey[] = [signing];
  let mode: IssuerMode = { kind: 'up' };
  const counts = new Map<string, { total: number; ok: number }>();
  const successes = new Map<string, number[]>();
  const sockets = new Set<Socket>();

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://issuer');
    if (url.pathname !== '/jwks') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not_found"}');
      return;
    }
    const name = url.searchParams.get('replica') ?? '';
    const count = counts.get(name) ?? { total: 0, ok: 0 };
    counts.set(name, count);
    count.total += 1;
    const send = () => {
      // A slow answer the replica gave up on (fetch timeout) is no successful fetch.
      if (res.destroyed) return;
      if (mode.kind === 'status') {
        res.writeHead(mode.status, { 'content-type': 'application/json' });
        res.end('{"error":"server_error"}');
        return;
      }
      count.ok += 1;
      successes.set(name, [...(successes.get(name) ?? []), performance.now()]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: published.map((k) => k.publicJwk) }));
    };
    if (mode.kind === 'slow') setTimeout(send, mode.delayMs).unref();
    else send();
  };
  const http = createHttpServer(answer);
  // A plain TCP listener in front of the HTTP parser, so that "down" can refuse connections on the
  // same port (closing the listener) and "up" can listen again.
  let listener: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const server = createServer((socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        http.emit('connection', socket);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        listener = server;
        resolve();
      });
    });
  const unlisten = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!listener) return resolve();
      listener.close(() => resolve());
      listener = undefined;
    });
  await listen();
  const origin = `http://127.0.0.1:${port}`;

  return {
    issuer: origin,
    jwksUriFor: (name) => `${origin}/jwks?replica=${encodeURIComponent(name)}`,
    get key() {
      return signing;
    },
    keys: all,
    mint: (options, key = signing) =>
      mintAccessToken(key, { issuer: origin, ...options }),
    async prepublish() {
      const next = await generateSigningKey('RS256');
      published = [...published, next];
      all.push(next);
      return next;
    },
    signWith(key) {
      signing = key;
    },
    withdrawBefore(key) {
      published = published.slice(published.indexOf(key));
    },
    async setMode(next) {
      if (next.kind === 'down' && mode.kind !== 'down') await unlisten();
      if (next.kind !== 'down' && mode.kind === 'down') await listen();
      mode = next;
    },
    fetches(name) {
      if (name !== undefined)
        return { ...(counts.get(name) ?? { total: 0, ok: 0 }) };
      let total = 0;
      let ok = 0;
      for (const count of counts.values()) {
        total += count.total;
        ok += count.ok;
      }
      return { total, ok };
    },
    successTimes: (name) => successes.get(name) ?? [],
    async close() {
      await unlisten();
      http.close();
    },
  };
}
