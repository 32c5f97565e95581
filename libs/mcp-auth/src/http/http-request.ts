/**
 * The parts of an HTTP request this library reads, on either Nest platform: Express hands
 * handlers Node's `IncomingMessage` (with Express's additions), Fastify a `FastifyRequest`, whose
 * Node request is `raw`. Everything platform-specific about reading a request is in this file.
 */
export interface HttpRequestLike {
  /** Lower-cased names; Node keeps one `Authorization` of several, so never for counting. */
  headers?: Record<string, string | string[] | undefined>;
  /** Node's `IncomingMessage.rawHeaders` (Express, plain Node): every header as received. */
  rawHeaders?: string[];
  /** Node's `IncomingMessage.headersDistinct`, for a request object that lacks `rawHeaders`. */
  headersDistinct?: Record<string, string[] | undefined>;
  /** Fastify: the Node `IncomingMessage` the request wraps. */
  raw?: { rawHeaders?: string[] } & object;
  method?: string;
  /** The request target (path and query); Express may have stripped a mount path from it. */
  url?: string;
  /** The request target as received (Express, and Fastify 5). */
  originalUrl?: string;
  /** The body's exact bytes, kept by Nest's parsers on both platforms with `rawBody: true`. */
  rawBody?: unknown;
}

/**
 * Every header of `request` as received, name then value (Node's `rawHeaders`): on the request
 * itself (Express, Node), or on the Node request a Fastify request wraps. `undefined` when
 * neither has them.
 */
export function rawHeadersOf(request: HttpRequestLike): string[] | undefined {
  return request.rawHeaders ?? request.raw?.rawHeaders;
}

/**
 * The Node `IncomingMessage` behind `request`: the request itself on Express, its `raw` on
 * Fastify. What a Node server (such as a loopback relay) handed the application.
 */
export function nodeRequestOf(request: HttpRequestLike & object): object {
  return request.raw ?? request;
}

/**
 * The path of the request target as received, without the query (`/a/b` of `/a/b?c`): what the
 * client asked for, before any router rewrote `url`. `/` when there is none.
 */
export function requestPathOf(request: HttpRequestLike): string {
  const target = request.originalUrl ?? request.url ?? '/';
  const query = target.indexOf('?');
  const path = query < 0 ? target : target.slice(0, query);
  return path.startsWith('/') ? path : `/${path}`;
}
