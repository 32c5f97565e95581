import { connect, type Socket } from 'node:net';

/** How much of the start of an answer is kept as text. */
const HEAD_CHARS = 64 * 1024;

/** One HTTP request to send over a raw socket. */
export interface RawStreamRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/**
 * An HTTP/1.1 exchange over a plain `node:net` socket, so the test controls reading: `stopReading()`
 * leaves the bytes in the kernel's buffers (the receive window closes and the server's writes back
 * up), `readToEnd()` takes everything left until the server closes the connection.
 */
export class RawStream {
  /** Bytes read from the socket so far (headers and body, as sent). */
  received = 0;
  /** How many times `marker` occurred in what was read so far. */
  marks = 0;
  /** True once the server ended the connection (FIN read, or reset). */
  ended = false;
  /** The first bytes read (status line, headers, first events), as text. */
  private head = '';
  private tail = '';
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly socket: Socket,
    private readonly marker: string,
  ) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.received += chunk.length;
      if (this.head.length < HEAD_CHARS) this.head += chunk;
      const text = this.tail + chunk;
      this.marks += text.split(marker).length - 1;
      this.tail = text.slice(-(marker.length - 1));
      this.notify();
    });
    const end = () => {
      this.ended = true;
      this.notify();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', () => undefined);
  }

  /** Connects and sends `request`, counting each `marker` in the answer; resolves once it is written. */
  static async open(
    request: RawStreamRequest,
    marker: string,
  ): Promise<RawStream> {
    const url = new URL(request.url);
    const socket = connect(Number(url.port), url.hostname);
    const stream = new RawStream(socket, marker);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const body = request.body ?? '';
    const headers = {
      host: url.host,
      ...request.headers,
      ...(request.body === undefined
        ? {}
        : { 'content-length': String(Buffer.byteLength(body)) }),
    };
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`${request.method} ${url.pathname} HTTP/1.1\r\n${head}\r\n`);
    socket.write(body);
    return stream;
  }

  /** The first bytes read (status line, headers, first events), as text. */
  start(): string {
    return this.head;
  }

  /** The status code of the answer (0 before its status line arrived). */
  status(): number {
    const match = /^HTTP\/1\.1 (\d{3})/.exec(this.head);
    return match ? Number(match[1]) : 0;
  }

  /** Resolves once `condition()` holds after a read (or the server ended); rejects after `limitMs`. */
  until(
    condition: () => boolean,
    what: string,
    limitMs = 30_000,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(`timed out after ${limitMs} ms waiting until ${what}`),
        );
      }, limitMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Stops taking bytes from the socket: the server's output backs up. */
  stopReading(): void {
    this.socket.pause();
  }

  /** Reads on until the server ends the connection. */
  async readToEnd(limitMs = 30_000): Promise<void> {
    this.socket.resume();
    await this.until(
      () => this.ended,
      'the server ends the connection',
      limitMs,
    );
  }

  /** Closes the connection from this side. */
  close(): void {
    this.socket.destroy();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
