import {
  createServer,
  request as httpRequest,
  Server,
  type IncomingMessage,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequestLike } from '../http/http-request.js';
import {
  markSelfCheckProbe,
  type SelfCheckProbe,
  selfCheckProbeOf,
} from './self-check-probe.js';

type ProbedRequest = IncomingMessage & { rawBody?: unknown; body?: unknown };

/**
 * Called by the guard on each request it checks: when it is the self-check's probe, records
 * whether the request the route received keeps its raw body. Fastify keeps `rawBody` on its own
 * request, not on the Node one the relay sees, and parses bodies only for a matched route.
 */
export function observeRawBodyProbe(request: HttpRequestLike & object): void {
  const probe = selfCheckProbeOf(request);
  if (probe) probe.kept = request.rawBody instanceof Uint8Array;
}

/**
 * Whether the application keeps the exact bytes of a JSON request body (`rawBody`, what Nest's
 * body parsers store with `NestFactory.create(AppModule, adapter, { rawBody: true })`) at `path`:
 * one `POST` of `{}` without credentials goes through a loopback relay to `httpServer`'s own
 * handlers (middleware and parsers as clients meet them). The guard's observation answers (any
 * platform, a guarded route at `path`), else the Node request inspected afterwards (Express parses
 * every body). `undefined` when there is no Node HTTP server to ask, or nothing parsed the body
 * (Fastify without a route at `path`). The probe is marked (`markSelfCheckProbe`): its 401 is
 * not logged as a refused request.
 */
export async function keepsRawBody(
  httpServer: unknown,
  path: string,
  timeoutMs: number,
): Promise<boolean | undefined> {
  if (!(httpServer instanceof Server)) return undefined;
  let seen: ProbedRequest | undefined;
  let probeRecord: SelfCheckProbe | undefined;
  const relay = createServer((req: ProbedRequest, res) => {
    seen = req;
    probeRecord = markSelfCheckProbe(req);
    httpServer.emit('request', req, res);
  });
  await new Promise<void>((resolve, reject) => {
    relay.once('error', reject);
    relay.listen(0, '127.0.0.1', resolve);
  });
  try {
    const { port } = relay.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const probe = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': 2 },
          timeout: timeoutMs,
        },
        (response) => {
          response.resume();
          response.on('end', resolve);
          response.on('error', reject);
        },
      );
      probe.on('timeout', () => probe.destroy(new Error('timed out')));
      probe.on('error', reject);
      probe.end('{}');
    });
    if (!seen) return undefined;
    const observed = probeRecord?.kept;
    if (observed !== undefined) return observed;
    if (seen.rawBody instanceof Uint8Array) return true;
    return seen.body === undefined ? undefined : false;
  } finally {
    relay.closeAllConnections();
    await new Promise<void>((resolve) => relay.close(() => resolve()));
  }
}
