import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
  jest,
} from '@jest/globals';
import { Injectable, type INestApplication } from '@nestjs/common';
import { InMemoryServerEventBus } from '@modelcontextprotocol/server';
import type { Client as V2Client } from '@modelcontextprotocol/client';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { McpAuthModule } from '@nest-mcp/auth';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import {
  type McpEvent,
  type McpEventBus,
  McpServerModule,
  type McpServerOptions,
  ResourceTemplate,
  ResourceUpdates,
  ResourceVariables,
} from '@nest-mcp/server';
import { CapturingLogger } from './support/capturing-logger.js';
import {
  HTTP_ADAPTERS,
  type HttpAdapterName,
} from './support/http-adapters.js';
import { listen } from './support/listen.js';
import { connectMcpClient, mcpHeaders } from './support/mcp-client.js';
import {
  connectV2Client,
  modernBody,
  modernHeaders,
} from './support/mcp-client-v2.js';
import { RawStream } from './support/raw-stream.js';
import { waitUntil } from './support/wait-until.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const UPDATED = 'notifications/resources/updated';
/** Each update carries its URI: about 8 KB a frame, so a few hundred fill the kernel's buffers. */
const PAD = 'x'.repeat(8000);
/** An upper bound of one update's SSE frame on the wire (URI, envelope, chunk framing). */
const FRAME_BYTES = PAD.length + 600;
/** Bytes of updates that a stalled client could never absorb in the kernel's socket buffers. */
const FLOOD_FRAMES = 2_000;

@Injectable()
class Items {
  @ResourceTemplate({ uriTemplate: 'items://{id}', name: 'item' })
  item(@ResourceVariables('id') id: string) {
    return { id };
  }
}

/** The module's in-process event bus, counting the listeners it holds. */
class CountingBus implements McpEventBus {
  listeners = 0;
  private readonly inner = new InMemoryServerEventBus();

  publish(event: McpEvent): void {
    this.inner.publish(event);
  }

  subscribe(listener: (event: McpEvent) => void): () => void {
    const off = this.inner.subscribe(listener);
    this.listeners += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.listeners -= 1;
      off();
    };
  }
}

interface TestServer {
  readonly app: INestApplication;
  readonly endpoint: string;
  readonly updates: ResourceUpdates;
  readonly bus: CountingBus;
  readonly logger: CapturingLogger;
  /** The server side of each connection, by the client's port. */
  readonly sockets: Map<number, Socket>;
}

async function startServer(
  adapter: HttpAdapterName,
  idp: TestIssuer,
  limits: McpServerOptions,
): Promise<TestServer> {
  const bus = new CountingBus();
  const logger = new CapturingLogger();
  const { app, url } = await listen(
    {
      imports: [
        McpAuthModule.forRoot(idp.authOptions(RESOURCE)),
        McpServerModule.forRoot({
          ...limits,
          eventBus: { useFactory: () => bus },
        }),
      ],
      providers: [Items],
    },
    logger,
    { adapter },
  );
  const sockets = new Map<number, Socket>();
  (app.getHttpServer() as Server).on('connection', (socket: Socket) =>
    sockets.set(socket.remotePort!, socket),
  );
  return {
    app,
    endpoint: `${url}/mcp`,
    updates: app.get(ResourceUpdates),
    bus,
    logger,
    sockets,
  };
}

/** An item URI of about 8 KB, distinct per `name`. */
const itemUri = (name: string) => `items://${name}-${PAD}`;

/**
 * Publishes `frames` updates of `uri` for `subject` in bursts, letting I/O run between bursts, and
 * stops early once `stop()` holds; `alongside` runs once per burst. Returns how many went out.
 */
async function flood(
  updates: ResourceUpdates,
  uri: string,
  subject: string,
  frames: number,
  stop: () => boolean = () => false,
  alongside: () => Promise<void> = async () => undefined,
): Promise<number> {
  let sent = 0;
  while (sent < frames && !stop()) {
    for (let i = 0; i < 4 && sent < frames; i += 1) {
      await updates.updated(uri, { subject });
      sent += 1;
    }
    await alongside();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return sent;
}

/**
 * Floods `subject`'s stalled stream of `uri` until the server ends it (at most twice the frames a
 * bound should allow), while a neighbour `neighbour` gets one update of `neighbourUri` per burst.
 * Returns the updates sent to each.
 */
async function floodBesideNeighbour(
  updates: ResourceUpdates,
  uri: string,
  subject: string,
  ended: () => boolean,
  neighbourUri: string,
  neighbour: string,
): Promise<{ sent: number; neighbourSent: number }> {
  let neighbourSent = 0;
  const sent = await flood(
    updates,
    uri,
    subject,
    FLOOD_FRAMES * 2,
    ended,
    async () => {
      await updates.updated(neighbourUri, { subject: neighbour });
      neighbourSent += 1;
    },
  );
  return { sent, neighbourSent };
}

/** A raw MCP 2026-07-28 `subscriptions/listen` stream for `uri`, acknowledged. */
async function rawListen(endpoint: string, token: string, uri: string) {
  const stream = await RawStream.open(
    {
      method: 'POST',
      url: endpoint,
      headers: modernHeaders(token, 'subscriptions/listen'),
      body: modernBody('subscriptions/listen', {
        notifications: { resourceSubscriptions: [uri] },
      }),
    },
    UPDATED,
  );
  await stream.until(
    () => stream.start().includes('notifications/subscriptions/acknowledged'),
    'the listen stream is acknowledged',
  );
  return stream;
}

/** A 2025-era session of `token` subscribed to `uri`, opened with plain HTTP; its id. */
async function rawSession(endpoint: string, token: string, uri: string) {
  const post = async (body: object, sessionId?: string) => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: mcpHeaders(
        token,
        sessionId ? { 'mcp-session-id': sessionId } : {},
      ),
      body: JSON.stringify(body),
    });
    return { res, text: await res.text() };
  };
  const init = await post({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'raw', version: '1' },
    },
  });
  const sessionId = init.res.headers.get('mcp-session-id');
  expect(sessionId).toBeTruthy();
  await post(
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    sessionId!,
  );
  const subscribed = await post(
    { jsonrpc: '2.0', id: 2, method: 'resources/subscribe', params: { uri } },
    sessionId!,
  );
  expect(subscribed.text).toContain('"result":{}');
  return sessionId!;
}

/** The standalone GET stream of a 2025-era session, over a raw socket (status line read). */
async function rawSessionStream(
  endpoint: string,
  token: string,
  sessionId: string,
) {
  const stream = await RawStream.open(
    {
      method: 'GET',
      url: endpoint,
      headers: {
        accept: 'text/event-stream',
        authorization: `Bearer ${token}`,
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-06-18',
      },
    },
    UPDATED,
  );
  await stream.until(() => stream.status() !== 0, 'the GET stream answers');
  return stream;
}

/** The server side of `stream`'s connection. */
async function serverSide(server: TestServer, stream: RawStream) {
  const port = stream.socket.localPort!;
  await waitUntil(() => server.sockets.has(port), 'the server accepts it');
  return server.sockets.get(port)!;
}

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  /**
   * A client that stops reading its SSE stream (raw `node:net` socket, paused) cannot make the
   * server hold its output without bound: past `maxStreamBufferBytes` waiting, or
   * `streamSendTimeoutMs` without the socket taking any, the stream ends and its subscription with
   * it; other identities' streams, and clients that read, carry on.
   */
  describe('SSE streams of clients that stop reading', () => {
    jest.setTimeout(180_000);
    let idp: TestIssuer;
    const servers: TestServer[] = [];
    const raws: RawStream[] = [];
    const clients: { close(): Promise<void> }[] = [];

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
    });
    afterEach(async () => {
      for (const raw of raws.splice(0)) raw.close();
      await Promise.allSettled(clients.splice(0).map((c) => c.close()));
    });
    afterAll(async () => {
      await Promise.allSettled(servers.map((server) => server.app.close()));
      await idp?.close();
    });

    const v2 = async (subject: string, endpoint: string) => {
      const token = await idp.mint({ subject });
      const client: V2Client = await connectV2Client(endpoint, token, {
        pin: '2026-07-28',
      });
      clients.push(client);
      const updated: string[] = [];
      client.setNotificationHandler(UPDATED, (n) => {
        updated.push(n.params.uri);
      });
      return { client, updated };
    };

    /**
     * A raw listener of `subject` that reads, and a flood of updates to it on `server`: resolves
     * once it has every update, with the server's socket of its stream.
     */
    const readThroughFlood = async (server: TestServer, subject: string) => {
      const token = await idp.mint({ subject });
      const uri = itemUri(subject);
      const reading = await rawListen(server.endpoint, token, uri);
      raws.push(reading);
      const serverSocket = await serverSide(server, reading);
      const sent = await flood(server.updates, uri, subject, FLOOD_FRAMES);
      await reading.until(
        () => reading.marks === sent,
        'the reader has every update',
        120_000,
      );
      return { reading, serverSocket, sent, uri };
    };

    describe('byte bound (maxStreamBufferBytes)', () => {
      const bound = 256 * 1024;
      let server: TestServer;

      beforeAll(async () => {
        server = await startServer(adapter, idp, {
          name: 'slow-readers',
          version: '1.0.0',
          stateful: true,
          resourceSubscriptions: true,
          maxListenStreamsPerIdentity: 1,
          maxResourceUriLength: 10_000,
          maxStreamBufferBytes: bound,
          // Far off: only the byte bound may end these streams.
          streamSendTimeoutMs: 600_000,
        });
        servers.push(server);
      });

      it('ends a 2026-07-28 listen stream its client stopped reading, frees its slot and listener; another identity hears on', async () => {
        const token = await idp.mint({ subject: 'stalled-listener' });
        const uri = itemUri('stalled');
        const stalled = await rawListen(server.endpoint, token, uri);
        raws.push(stalled);
        const serverSocket = await serverSide(server, stalled);
        stalled.stopReading();

        const bob = await v2('hearing-listener', server.endpoint);
        const bobUri = itemUri('bob');
        await bob.client.listen({ resourceSubscriptions: [bobUri] });
        // The identity's one slot is taken by the stalled stream.
        const again = await v2('stalled-listener', server.endpoint);
        await expect(
          again.client.listen({ resourceSubscriptions: [uri] }),
        ).rejects.toMatchObject({ code: -32000 });
        const listenersBefore = server.bus.listeners;

        const { sent, neighbourSent: bobSent } = await floodBesideNeighbour(
          server.updates,
          uri,
          'stalled-listener',
          () => serverSocket.destroyed,
          bobUri,
          'hearing-listener',
        );
        expect(serverSocket.destroyed).toBe(true);
        expect(sent).toBeLessThan(FLOOD_FRAMES * 2);

        // What the kernel had already taken still arrives; the rest was dropped in the process.
        await stalled.readToEnd();
        const dropped = (sent - stalled.marks) * FRAME_BYTES;
        expect(dropped).toBeLessThanOrEqual(bound + 6 * FRAME_BYTES);

        const warnings = server.logger.lines.filter((line) =>
          line.includes('Ended an SSE stream'),
        );
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain('"stalled-listener"');
        expect(warnings[0]).toContain(JSON.stringify(idp.issuer));
        expect(warnings[0]).toContain('maxStreamBufferBytes');
        expect(warnings[0]).not.toContain(token);
        expect(warnings[0]).not.toMatch(/\n\s+at /);

        // The subscription behind it is gone, and its slot is free again.
        await waitUntil(
          () => server.bus.listeners === listenersBefore - 1,
          'the stream leaves the event bus',
        );
        const reopened = await again.client.listen({
          resourceSubscriptions: [uri],
        });
        expect(reopened.honoredFilter).toEqual({
          resourceSubscriptions: [uri],
        });
        // Bob heard every update of his own meanwhile.
        await waitUntil(
          () => bob.updated.length === bobSent,
          'bob hears all of his updates',
        );
      });

      it('ends a 2025 session GET stream its client stopped reading; the session opens a new one; another identity hears on', async () => {
        const token = await idp.mint({ subject: 'stalled-session' });
        const uri = itemUri('session');
        const sessionId = await rawSession(server.endpoint, token, uri);
        const stalled = await rawSessionStream(
          server.endpoint,
          token,
          sessionId,
        );
        raws.push(stalled);
        expect(stalled.status()).toBe(200);
        const serverSocket = await serverSide(server, stalled);
        stalled.stopReading();
        // One GET stream per session: a second is refused while the stalled one is open.
        const second = await rawSessionStream(
          server.endpoint,
          token,
          sessionId,
        );
        raws.push(second);
        expect(second.status()).toBe(409);

        const bobToken = await idp.mint({ subject: 'hearing-session' });
        const bob = await connectMcpClient(server.endpoint, bobToken);
        clients.push(bob.client);
        const bobUri = itemUri('bob-session');
        const bobHeard: string[] = [];
        bob.client.setNotificationHandler(
          ResourceUpdatedNotificationSchema,
          (n) => {
            bobHeard.push(n.params.uri);
          },
        );
        await bob.client.subscribeResource({ uri: bobUri });

        const { sent, neighbourSent: bobSent } = await floodBesideNeighbour(
          server.updates,
          uri,
          'stalled-session',
          () => serverSocket.destroyed,
          bobUri,
          'hearing-session',
        );
        expect(serverSocket.destroyed).toBe(true);
        await stalled.readToEnd();
        const dropped = (sent - stalled.marks) * FRAME_BYTES;
        expect(dropped).toBeLessThanOrEqual(bound + 6 * FRAME_BYTES);
        expect(
          server.logger.lines.some(
            (line) =>
              line.includes('Ended an SSE stream') &&
              line.includes('"stalled-session"') &&
              line.includes('maxStreamBufferBytes'),
          ),
        ).toBe(true);

        // The session's stream slot is free: a new GET stream is admitted, and it hears updates.
        const reopened = await rawSessionStream(
          server.endpoint,
          token,
          sessionId,
        );
        raws.push(reopened);
        expect(reopened.status()).toBe(200);
        await server.updates.updated(uri, { subject: 'stalled-session' });
        await reopened.until(
          () => reopened.marks === 1,
          'the new stream hears',
        );
        await waitUntil(
          () => bobHeard.length === bobSent,
          'bob hears all of his updates',
        );
      });

      it('never ends the stream of a client that reads, under the same traffic', async () => {
        const { reading, serverSocket } = await readThroughFlood(
          server,
          'reading-listener',
        );
        expect(serverSocket.destroyed).toBe(false);
        expect(reading.ended).toBe(false);
      });
    });

    describe('send timeout (streamSendTimeoutMs)', () => {
      let server: TestServer;

      beforeAll(async () => {
        server = await startServer(adapter, idp, {
          name: 'slow-readers-timeout',
          version: '1.0.0',
          resourceSubscriptions: true,
          maxResourceUriLength: 10_000,
          streamSendTimeoutMs: 1_000,
          // Far off: only the send timeout may end these streams.
          maxStreamBufferBytes: 512 * 1024 * 1024,
        });
        servers.push(server);
      });

      it('ends a listen stream whose client took none of its output for the timeout', async () => {
        const token = await idp.mint({ subject: 'stalled-timeout' });
        const uri = itemUri('timeout');
        const stalled = await rawListen(server.endpoint, token, uri);
        raws.push(stalled);
        const serverSocket = await serverSide(server, stalled);
        stalled.stopReading();
        const listenersBefore = server.bus.listeners;

        await flood(
          server.updates,
          uri,
          'stalled-timeout',
          FLOOD_FRAMES,
          () => serverSocket.destroyed,
        );
        await waitUntil(
          () => serverSocket.destroyed,
          'the server ends the stalled stream',
          60_000,
        );
        await waitUntil(
          () => server.bus.listeners === listenersBefore - 1,
          'the stream leaves the event bus',
        );
        expect(
          server.logger.lines.some(
            (line) =>
              line.includes('Ended an SSE stream') &&
              line.includes('"stalled-timeout"') &&
              line.includes('streamSendTimeoutMs'),
          ),
        ).toBe(true);
        await stalled.readToEnd();
      });

      it('never ends the stream of a client that reads, however long the traffic lasts', async () => {
        const { reading, serverSocket, sent, uri } = await readThroughFlood(
          server,
          'reading-timeout',
        );
        // Quiet for longer than the timeout: nothing waits, so nothing ends the stream.
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        await server.updates.updated(uri, { subject: 'reading-timeout' });
        await reading.until(
          () => reading.marks === sent + 1,
          'the reader hears on',
        );
        expect(serverSocket.destroyed).toBe(false);
      });
    });
  });
});
