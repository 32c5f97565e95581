import type { ServerResponse } from 'node:http';

/** How much output one SSE response may hold for a client that does not read it. */
export interface StreamOutputLimits {
  /** Longest wait, in ms, for the socket to take any waiting output (`streamSendTimeoutMs`). */
  readonly sendTimeoutMs: number;
  /** Most bytes waiting behind the frame being sent (`maxStreamBufferBytes`). */
  readonly maxBufferBytes: number;
}

/** Why a stream was ended: its output waited too long, or too many bytes waited. */
export type StreamCutReason = 'send-timeout' | 'buffer-full';

type Write = ServerResponse['write'];
type WriteHead = ServerResponse['writeHead'];
type WriteCallback = (error?: Error | null) => void;

/**
 * Bounds the output an SSE response (`Content-Type: text/event-stream`) holds for a client that
 * stops reading it; other answers are left alone. The SDK writes a stream's frames to `res` and
 * waits for `'drain'` when `write()` returns false, so a stalled client leaves them queued in the
 * web `ReadableStream` behind it, where nothing can measure or free them. Here `write()` of an SSE
 * response always returns true instead: every frame flows at once into Node's own buffer, where
 * `res.writableLength` counts the bytes the socket has not taken (each frame's write callback tells
 * when it went), and then
 *
 * - when a frame would make more than `maxBufferBytes` wait behind the frame being sent, it ends
 *   the stream instead (`buffer-full`): one stream holds at most that plus the frame being sent,
 *   which never counts, so one large answer (a tool result of several MB) to a reading client
 *   always goes out whole;
 * - when output waits (`write()` was refused by the socket) and the socket takes none of it for
 *   `sendTimeoutMs`, the stream ends (`send-timeout`). Each frame the socket takes, and each
 *   `'drain'`, restarts the wait: a client that reads, however slowly or long, is never cut.
 *
 * Ending is `res.destroy()`: the waiting bytes are dropped, and the SDK's close path (its abort
 * signal, or the cancelled stream) ends the subscription behind the stream. `onCut` is told once.
 */
export function boundStreamOutput(
  res: ServerResponse,
  limits: StreamOutputLimits,
  onCut: (reason: StreamCutReason, waitingBytes: number) => void,
): void {
  const write = res.write.bind(res) as Write;
  const writeHead = res.writeHead.bind(res) as WriteHead;
  /** Bytes of each frame handed to Node and not yet reported taken by the socket, oldest first. */
  const waiting: number[] = [];
  let sse: boolean | undefined;
  let timer: NodeJS.Timeout | undefined;

  const cut = (reason: StreamCutReason) => {
    if (res.destroyed) return;
    const held = res.writableLength;
    stopTimer();
    res.destroy();
    onCut(reason, held);
  };
  const stopTimer = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const restartTimer = () => {
    stopTimer();
    const armed = (timer = setTimeout(() => {
      // Timers run before pending I/O: after a stalled event loop, let the socket report first.
      setImmediate(() => {
        if (timer === armed) cut('send-timeout');
      });
    }, limits.sendTimeoutMs));
    armed.unref();
  };
  const taken = () => {
    waiting.shift();
    if (timer) {
      if (res.writableLength > 0) restartTimer();
      else stopTimer();
    }
  };

  res.writeHead = ((...args: Parameters<WriteHead>) => {
    sse ??= isEventStream(contentTypeIn(args) ?? res.getHeader('content-type'));
    return writeHead(...args);
  }) as WriteHead;

  res.write = ((
    chunk: unknown,
    encodingOrCallback?: BufferEncoding | WriteCallback,
    callback?: WriteCallback,
  ) => {
    sse ??= isEventStream(res.getHeader('content-type'));
    const done =
      typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    const encoding =
      typeof encodingOrCallback === 'string' ? encodingOrCallback : undefined;
    if (!sse || res.destroyed) {
      return encoding ? write(chunk, encoding, done) : write(chunk, done);
    }
    const size = byteLengthOf(chunk, encoding);
    // Node's count of the bytes the socket has not taken yet, this frame added; the frame being
    // sent (the oldest not yet reported taken, or this one) never counts.
    const behind =
      waiting.length === 0 ? 0 : res.writableLength + size - waiting[0];
    if (behind > limits.maxBufferBytes) {
      cut('buffer-full');
      return false;
    }
    waiting.push(size);
    const onTaken: WriteCallback = (error) => {
      if (!error) taken();
      done?.(error);
    };
    const accepted = encoding
      ? write(chunk, encoding, onTaken)
      : write(chunk, onTaken);
    if (!accepted && !timer) restartTimer();
    return true;
  }) as Write;

  res.on('drain', stopTimer);
  res.once('close', stopTimer);
}

/** The `Content-Type` given to `writeHead(status, [message,] headers)`, if any. */
function contentTypeIn(args: readonly unknown[]): unknown {
  const headers = args.find((arg) => typeof arg === 'object' && arg !== null);
  if (!headers) return undefined;
  if (Array.isArray(headers)) {
    const flat: unknown[] = headers.flat();
    const at = flat.findIndex(
      (item, index) =>
        index % 2 === 0 && String(item).toLowerCase() === 'content-type',
    );
    return at === -1 ? undefined : flat[at + 1];
  }
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'content-type') return value;
  }
  return undefined;
}

function isEventStream(contentType: unknown): boolean {
  return /^\s*text\/event-stream\b/i.test(String(contentType ?? ''));
}

function byteLengthOf(chunk: unknown, encoding?: BufferEncoding): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk, encoding);
  if (ArrayBuffer.isView(chunk)) return chunk.byteLength;
  return 0;
}
