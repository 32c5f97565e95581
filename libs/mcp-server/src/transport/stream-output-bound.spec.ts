import { afterEach, describe, expect, it } from '@jest/globals';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import {
  boundStreamOutput,
  type StreamCutReason,
} from './stream-output-bound.js';

/** More than loopback's socket buffers take from a client that does not read (a few MB). */
const FLOOD_BYTES = 24 * 1024 * 1024;

/** A real HTTP server whose one route is `handle`; its URL port. */
async function serve(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** A raw client of `port` sending one GET; `read: false` stops reading after the first bytes. */
function client(port: number, read: boolean) {
  const socket = connect(port, '127.0.0.1');
  const seen = { bytes: 0, ended: false };
  socket.write('GET / HTTP/1.1\r\nHost: test\r\n\r\n');
  socket.on('data', (chunk: Buffer) => {
    seen.bytes += chunk.length;
  });
  if (!read) socket.once('data', () => socket.pause());
  socket.on('close', () => (seen.ended = true));
  socket.on('error', () => undefined);
  return { socket, seen };
}

/** Writes `frame` until `res` is destroyed or `total` bytes went; what `write()` returned meanwhile. */
async function flood(res: ServerResponse, frame: Buffer, total: number) {
  const returned = new Set<boolean>();
  for (let sent = 0; sent < total && !res.destroyed; sent += frame.length) {
    const accepted = res.write(frame);
    // The write that ends the stream is refused, like any write after it.
    if (!res.destroyed) returned.add(accepted);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return returned;
}

/** Resolves once `condition()` holds (the test's timeout bounds a hang). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
}

describe('boundStreamOutput (SSE output held for a client that does not read)', () => {
  const open: { server: Server; socket?: Socket }[] = [];
  afterEach(async () => {
    for (const { server, socket } of open.splice(0)) {
      socket?.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('ends an SSE stream once more than maxBufferBytes wait behind the frame being sent; the writer never sees backpressure', async () => {
    const cuts: [StreamCutReason, number][] = [];
    let returned: Set<boolean> | undefined;
    const { server, port } = await serve((_req, res) => {
      boundStreamOutput(
        res,
        { sendTimeoutMs: 600_000, maxBufferBytes: 64 * 1024 },
        (reason, bytes) => cuts.push([reason, bytes]),
      );
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      void flood(res, Buffer.alloc(8 * 1024, 'x'), FLOOD_BYTES).then(
        (seen) => (returned = seen),
      );
    });
    const { socket } = client(port, false);
    open.push({ server, socket });
    await until(() => cuts.length > 0 && returned !== undefined);
    socket.resume();
    await closed(socket);
    expect(cuts).toHaveLength(1);
    expect(cuts[0][0]).toBe('buffer-full');
    expect(cuts[0][1]).toBeLessThanOrEqual(64 * 1024 + 8 * 1024 + 1024);
    expect(returned && [...returned]).toEqual([true]);
  });

  it('ends an SSE stream whose socket took none of its waiting output for sendTimeoutMs', async () => {
    const cuts: StreamCutReason[] = [];
    const { server, port } = await serve((_req, res) => {
      res.setHeader('content-type', 'text/event-stream; charset=utf-8');
      boundStreamOutput(
        res,
        { sendTimeoutMs: 200, maxBufferBytes: 1024 * 1024 * 1024 },
        (reason) => cuts.push(reason),
      );
      void flood(res, Buffer.alloc(64 * 1024, 'x'), FLOOD_BYTES);
    });
    const { socket } = client(port, false);
    open.push({ server, socket });
    await until(() => cuts.length > 0);
    socket.resume();
    await closed(socket);
    expect(cuts).toEqual(['send-timeout']);
  });

  it('sends one frame larger than maxBufferBytes whole to a client that reads', async () => {
    const cuts: StreamCutReason[] = [];
    const answer = Buffer.alloc(6 * 1024 * 1024, 'y');
    const { server, port } = await serve((_req, res) => {
      boundStreamOutput(
        res,
        { sendTimeoutMs: 30_000, maxBufferBytes: 1024 },
        (reason) => cuts.push(reason),
      );
      res.writeHead(200, [['Content-Type', 'text/event-stream']]);
      res.write(answer);
      res.write('event: message\ndata: {}\n\n');
      res.end();
    });
    const { socket, seen } = client(port, true);
    open.push({ server, socket });
    await closed(socket);
    expect(cuts).toEqual([]);
    expect(seen.bytes).toBeGreaterThan(answer.length);
  });

  it('leaves answers that are not SSE alone: backpressure reaches the writer, nothing is cut', async () => {
    const cuts: StreamCutReason[] = [];
    let returned: Set<boolean> | undefined;
    let response: ServerResponse | undefined;
    const { server, port } = await serve((_req, res) => {
      response = res;
      boundStreamOutput(
        res,
        { sendTimeoutMs: 100, maxBufferBytes: 1024 },
        (reason) => cuts.push(reason),
      );
      res.writeHead(200, { 'content-type': 'application/json' });
      void flood(res, Buffer.alloc(64 * 1024, 'z'), 8 * 1024 * 1024).then(
        (seen) => (returned = seen),
      );
    });
    const { socket } = client(port, false);
    open.push({ server, socket });
    await until(() => returned !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(returned?.has(false)).toBe(true);
    expect(response?.destroyed).toBe(false);
    expect(cuts).toEqual([]);
  });
});
