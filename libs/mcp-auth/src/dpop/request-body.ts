import type { HttpRequestLike } from '../http/http-request.js';

/**
 * The parts of a request the body lookup reads; `rawBody` is set by Nest's body parsers, on
 * Express and Fastify alike, with `NestFactory.create(AppModule, adapter, { rawBody: true })`.
 */
export type RequestWithBody = Pick<HttpRequestLike, 'headers' | 'rawBody'>;

const EMPTY = new Uint8Array(0);

/**
 * The exact bytes of the request body as received: `rawBody` (kept by Nest's JSON and urlencoded
 * parsers with the `rawBody` application option, within their size limit), an empty body for a
 * request without one (RFC 9112 §6.3: no `Content-Length` nor `Transfer-Encoding`, or a length of
 * 0), or `undefined` when the body was not kept.
 */
export function rawBodyOf(request: RequestWithBody): Uint8Array | undefined {
  const raw = request.rawBody;
  if (raw instanceof Uint8Array) return raw;
  const headers = request.headers ?? {};
  if (headers['transfer-encoding'] !== undefined) return undefined;
  const length = headers['content-length'];
  return length === undefined || Number(length) === 0 ? EMPTY : undefined;
}
