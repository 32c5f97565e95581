import { connect } from 'node:net';

/** A parsed raw HTTP response. */
export interface RawResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/**
 * Sends one HTTP/1.1 request byte for byte (headers as given, latin1), so tests can send what
 * clients refuse to: duplicate headers, non-ASCII bytes, bare CR.
 */
export function rawRequest(
  url: string,
  { method = 'POST', path = '/', headerLines = [] as string[], body = '' } = {},
): Promise<RawResponse> {
  const { hostname, port, host } = new URL(url);
  const payload = Buffer.from(body, 'utf8');
  const head = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${host}`,
    `Content-Length: ${payload.length}`,
    'Connection: close',
    ...headerLines,
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    const finish = () => {
      socket.destroy();
      resolve(parse(received.toString('latin1')));
    };
    socket.setTimeout(10_000, () =>
      socket.destroy(new Error('raw request timed out')),
    );
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (isComplete(received.toString('latin1'))) finish();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A server that refuses a request (e.g. 431 for huge headers) may reset the connection while
      // the request is still being written: report what arrived, or status 0 for nothing.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') {
        resolve(
          received.length > 0
            ? parse(received.toString('latin1'))
            : { status: 0, headers: [], body: '' },
        );
      } else reject(error);
    });
    socket.on('close', () => resolve(parse(received.toString('latin1'))));
    socket.write(
      Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), payload]),
    );
  });
}

/** A response is complete at its Content-Length, or at the last chunk of a chunked body. */
function isComplete(text: string): boolean {
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return false;
  const head = text.slice(0, split).toLowerCase();
  const body = text.slice(split + 4);
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length) return Buffer.byteLength(body, 'latin1') >= Number(length[1]);
  if (/\r\ntransfer-encoding:\s*chunked/.test(head))
    return body.endsWith('0\r\n\r\n');
  return false;
}

function parse(text: string): RawResponse {
  const split = text.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [
      line.slice(0, colon).trim().toLowerCase(),
      line.slice(colon + 1).trim(),
    ];
  });
  const body = text.slice(split + 4);
  const chunked = headers.some(
    ([name, value]) =>
      name === 'transfer-encoding' && value.toLowerCase() === 'chunked',
  );
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: chunked ? dechunk(body) : body,
  };
}

/** The payload of a chunked body (RFC 9112 §7.1); latin1 text, one character per byte. */
function dechunk(body: string): string {
  let payload = '';
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) return payload;
    const size = parseInt(body.slice(at, lineEnd), 16);
    if (!(size > 0)) return payload;
    payload += body.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}
