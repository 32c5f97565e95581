import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

/** How a path of the server answers. */
export type ServerMode =
  | { kind: 'ok'; cacheControl?: string }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'status'; status: number }
  | { kind: 'garbage' }
  | { kind: 'json'; body: unknown }
  | { kind: 'huge' }
  | { kind: 'trickle'; chunkBytes: number; everyMs: number }
  | { kind: 'redirect'; location: string };

/** Paths served; `/moved/*` serve the same documents, as redirect targets. */
export const PATHS = {
  jwks: '/jwks',
  rfc8414: '/.well-known/oauth-authorization-server',
  openid: '/.well-known/openid-configuration',
  movedJwks: '/moved/jwks',
  movedMetadata: '/moved/metadata',
} as const;

/**
 * A JWKS and metadata server on 127.0.0.1 for fault tests: counts requests per path, answers each
 * path in a switchable mode (ok, slow, status, garbage, non-JWKS JSON, endless body, trickling
 * body, redirect) and can refuse connections (`down()`) and come back on the same port (`up()`).
 */
export interface ControllableJwksServer {
  /** `http://127.0.0.1:<port>`; also the issuer identifier its metadata names. */
  readonly origin: string;
  readonly jwksUri: string;
  /** Number of requests received on `path` (default the JWKS path). */
  count(path?: string): number;
  /** Paths requested so far, in order. */
  readonly requests: readonly string[];
  /** Bytes written for the last `huge`/`trickle` body, and whether the client hung up. */
  readonly lastStream: { bytes: number; clientClosed: boolean };
  /** Replaces the published keys. */
  publish(keys: JWK[]): void;
  /** Sets how `path` (default the JWKS path) answers from now on. */
  setMode(mode: ServerMode, path?: string): void;
  /** Stops listening and drops connections: new connections are refused. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x20);
const MAX_STREAM_BYTES = 256 * 1024 * 1024;

/** Starts a `ControllableJwksServer` on a random loopback port, publishing `keys`. */
export async function startControllableJwksServer(
  keys: JWK[] = [],
): Promise<ControllableJwksServer> {
  let published = keys;
  let origin = '';
  const requests: string[] = [];
  const modes = new Map<string, ServerMode>();
  const lastStream = { bytes: 0, clientClosed: false };

  const documentFor = (path: string): unknown => {
    if (path === PATHS.jwks || path === PATHS.movedJwks) {
      return { keys: published };
    }
    if (
      path === PATHS.rfc8414 ||
      path === PATHS.openid ||
      path === PATHS.movedMetadata
    ) {
      return { issuer: origin, jwks_uri: `${origin}${PATHS.jwks}` };
    }
    return undefined;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push(path);
    const document = documentFor(path);
    if (document === undefined) {
      res.writeHead(404).end();
      return;
    }
    const mode = modes.get(path) ?? { kind: 'ok' };
    answer(mode, document, req, res, lastStream);
  };

  const server: Server = createServer(handle);
  await listen(server, 0);
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  let listening = true;

  const down = async () => {
    if (!listening) return;
    listening = false;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };

  return {
    origin,
    jwksUri: `${origin}${PATHS.jwks}`,
    count: (path = PATHS.jwks) => requests.filter((p) => p === path).length,
    requests,
    lastStream,
    publish(next) {
      published = next;
    },
    setMode(mode, path = PATHS.jwks) {
      modes.set(path, mode);
    },
    down,
    async up() {
      if (listening) return;
      await listen(server, port);
      listening = true;
    },
    close: down,
  };
}

function answer(
  mode: ServerMode,
  document: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  lastStream: { bytes: number; clientClosed: boolean },
): void {
  const json = { 'content-type': 'application/json' };
  switch (mode.kind) {
    case 'ok':
      res.writeHead(200, {
        ...json,
        ...(mode.cacheControl ? { 'cache-control': mode.cacheControl } : {}),
      });
      res.end(JSON.stringify(document));
      return;
    case 'slow': {
      const timer = setTimeout(() => {
        res.writeHead(200, json).end(JSON.stringify(document));
      }, mode.delayMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'status':
      res.writeHead(mode.status, json).end('{"error":"server_error"}');
      return;
    case 'garbage':
      res.writeHead(200, json).end('{"keys": [ this is not JSON');
      return;
    case 'json':
      res.writeHead(200, json).end(JSON.stringify(mode.body));
      return;
    case 'redirect':
      res.writeHead(302, { location: mode.location }).end();
      return;
    case 'huge':
    case 'trickle':
      stream(mode, req, res, lastStream);
      return;
  }
}

/** Streams a never-ending JSON-looking body: as fast as the client reads, or in small drips. */
function stream(
  mode: Extract<ServerMode, { kind: 'huge' | 'trickle' }>,
  req: IncomingMessage,
  res: ServerResponse,
  lastStream: { bytes: number; clientClosed: boolean },
): void {
  lastStream.bytes = 0;
  lastStream.clientClosed = false;
  let open = true;
  let timer: NodeJS.Timeout | undefined;
  res.on('close', () => {
    open = false;
    lastStream.clientClosed = true;
    clearTimeout(timer);
  });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"keys":[],"padding":"');
  const send = (chunk: Buffer): boolean => {
    lastStream.bytes += chunk.length;
    return res.write(chunk);
  };
  if (mode.kind === 'huge') {
    const pump = () => {
      while (open && lastStream.bytes < MAX_STREAM_BYTES) {
        if (!send(CHUNK)) {
          res.once('drain', pump);
          return;
        }
      }
    };
    pump();
  } else {
    const drip = () => {
      if (!open) return;
      send(CHUNK.subarray(0, mode.chunkBytes));
      timer = setTimeout(drip, mode.everyMs);
    };
    drip();
  }
  req.resume();
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
