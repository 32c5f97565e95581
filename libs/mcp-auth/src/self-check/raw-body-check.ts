import {
  createServer,
  request as httpRequest,
  Server,
  type IncomingMessage,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { markSelfCheckProbe } from './self-check-probe.js';

/**
 * Whether the application keeps the exact bytes of a JSON request body (`rawBody`, what Nest's
 * body parsers store with `NestFactory.create(AppModule, { rawBody: true })`) at `path`: one
 * `POST` of `{}` without credentials goes through a loopback relay to `httpServer`'s own handlers
 * (middleware and parsers as clients meet them), and the request object is inspected afterwards.
 * The probe is marked (`markSelfCheckProbe`): its 401 is not logged as a refused request.
 * `undefined` when there is no Node HTTP server to ask.
 */
export async function keepsRawBody(
  httpServer: unknown,
  path: string,
  timeoutMs: number,
): Promise<boolean | undefined> {
  if (!(httpServer instanceof Server)) return undefined;
  let seen: (IncomingMessage & { rawBody?: unknown }) | undefined;
  const relay = createServer((req, res) => {
    seen = req;
    markSelfCheckProbe(req);
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
    return seen?.rawBody instanceof Uint8Array;
  } finally {
    relay.closeAllConnections();
    await new Promise<void>((resolve) => relay.close(() => resolve()));
  }
}
