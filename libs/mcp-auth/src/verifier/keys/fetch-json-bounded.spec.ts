import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BoundedFetchError,
  fetchJsonBounded,
  type BoundedFetchFailure,
} from './fetch-json-bounded.js';

/** Routes of the test server: path → handler. */
const routes: Record<string, (res: ServerResponse) => void> = {
  '/ok': (res) =>
    res.writeHead(200, { 'cache-control': 'max-age=60' }).end('\uFEFF{"a":1}'),
  '/declared-huge': (res) => {
    res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
    res.write('{"a":"');
  },
  '/exactly-at-cap': (res) => res.writeHead(200).end(`"${'x'.repeat(98)}"`),
  '/over-cap': (res) => res.writeHead(200).end(`"${'x'.repeat(99)}"`),
  '/latin1': (res) => res.writeHead(200).end(Buffer.from([0x22, 0xe9, 0x22])),
  '/empty': (res) => res.writeHead(200).end(),
  '/see-other': (res) => res.writeHead(303, { location: '/ok' }).end(),
  '/hang': () => undefined,
};

describe('fetchJsonBounded', () => {
  let server: Server;
  let origin: string;
  const hits: string[] = [];

  /** Far more time than a loaded machine needs for a loopback answer; only `/hang` meets it. */
  const AMPLE_MS = 10_000;
  const failure = async (
    path: string,
    maxBytes = 100,
    timeoutMs = path === '/hang' ? 300 : AMPLE_MS,
  ) => {
    const error = await fetchJsonBounded(`${origin}${path}`, {
      timeoutMs,
      maxBytes,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BoundedFetchError);
    return error as BoundedFetchError;
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const route = Object.hasOwn(routes, req.url ?? '')
        ? routes[req.url ?? '']
        : undefined;
      if (route) route(res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );

  it('returns the parsed JSON (a UTF-8 BOM is ignored) and the headers', async () => {
    const { json, headers } = await fetchJsonBounded(`${origin}/ok`, {
      timeoutMs: AMPLE_MS,
      maxBytes: 100,
    });
    expect(json).toEqual({ a: 1 });
    expect(headers.get('cache-control')).toBe('max-age=60');
  });

  it('accepts a body of exactly maxBytes and refuses one byte more', async () => {
    await expect(
      fetchJsonBounded(`${origin}/exactly-at-cap`, {
        timeoutMs: AMPLE_MS,
        maxBytes: 100,
      }),
    ).resolves.toMatchObject({ json: 'x'.repeat(98) });
    expect((await failure('/over-cap')).kind).toBe('too_large');
  });

  it.each<[string, BoundedFetchFailure, string]>([
    ['/declared-huge', 'too_large', 'body larger than 100 bytes'],
    ['/latin1', 'invalid_json', 'body is not UTF-8'],
    ['/empty', 'invalid_json', 'invalid JSON'],
    ['/see-other', 'redirect', 'redirect (HTTP 303) not followed'],
    ['/missing', 'status', 'HTTP 404'],
    ['/hang', 'timeout', 'timed out after 300 ms'],
  ])('%s fails as %s', async (path, kind, detail) => {
    const error = await failure(path);
    expect(error.kind).toBe(kind);
    expect(error.detail).toBe(detail);
  });

  it('does not follow the redirect', async () => {
    const before = hits.filter((path) => path === '/ok').length;
    await failure('/see-other');
    expect(hits.filter((path) => path === '/ok').length).toBe(before);
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) =>
      closed.listen(0, '127.0.0.1', resolve),
    );
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await fetchJsonBounded(`http://127.0.0.1:${port}/`, {
      timeoutMs: AMPLE_MS,
      maxBytes: 100,
    }).catch((e: unknown) => e as BoundedFetchError);
    expect(error).toMatchObject({
      kind: 'unreachable',
      detail: 'connection refused',
      unreachable: true,
    });
  });
});
