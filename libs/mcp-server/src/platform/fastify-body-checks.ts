import { jsonRpcError } from '../transport/http-answer.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../security/json-depth.js';

/** The parts of a Fastify request read here. */
interface FastifyRequestLike {
  readonly raw: {
    readonly url?: string;
    readonly method?: string;
    readonly headers: Record<string, string | string[] | undefined>;
  };
  readonly body?: unknown;
}

/** The parts of a Fastify reply used here. */
interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  type(contentType: string): FastifyReplyLike;
  send(payload: string): unknown;
}

/** What Fastify's content-type parsers pass on when they cannot take a body. */
interface ParserError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly name?: unknown;
}

type ErrorHandler = (
  this: unknown,
  error: unknown,
  request: FastifyRequestLike,
  reply: FastifyReplyLike,
) => unknown;

/** The parts of a Fastify instance used here. */
interface FastifyInstanceLike {
  addHook(
    name: 'onRequest' | 'preValidation',
    hook: (
      request: FastifyRequestLike,
      reply: FastifyReplyLike,
      done: () => void,
    ) => void,
  ): unknown;
}

/** The parts of Nest's `FastifyAdapter` used here. */
export interface FastifyAdapterLike {
  getInstance<T>(): T;
  setErrorHandler(handler: ErrorHandler, prefix?: string): unknown;
}

/**
 * On Fastify, the checks Express's stack gives the MCP endpoint at `path` (with any global prefix),
 * answered as on Express:
 * - a body Fastify's parser cannot take is answered as JSON-RPC, never as a 5xx and without
 *   echoing it (invalid JSON: 400 `-32700 Parse error`; too large, unsupported: that 4xx status);
 *   any other error goes on to Nest's error handler (the application's exception filters);
 * - a `GET` or `DELETE` with an empty body is taken as bodiless whatever its `Content-Type` (as
 *   Express's JSON parser does), not as empty JSON;
 * - a parsed body nested deeper than `MAX_JSON_DEPTH` levels is refused (400, `-32700`) before
 *   guards run: Nest middleware runs before Fastify parses the body, so this runs as a hook.
 *
 * Call while Nest configures middleware: the error handler Nest installs next (its one Fastify
 * error handler, which Fastify wants set once) takes these answers first.
 */
export function installFastifyBodyChecks(
  adapter: FastifyAdapterLike,
  path: string,
): void {
  const onEndpoint = (request: FastifyRequestLike) =>
    pathOf(request.raw.url) === path;
  const setNestErrorHandler = adapter.setErrorHandler.bind(adapter);
  adapter.setErrorHandler = (nestHandler, prefix) =>
    setNestErrorHandler(function (this: unknown, error, request, reply) {
      return (
        answersBodyError(error, request, reply) ??
        nestHandler.call(this, error, request, reply)
      );
    }, prefix);
  const answersBodyError = (
    error: unknown,
    request: FastifyRequestLike,
    reply: FastifyReplyLike,
  ): unknown => {
    const status = parserStatusOf(error);
    if (status === undefined || !onEndpoint(request)) return undefined;
    if (isParseFailure(error, status))
      return answer(reply, 400, -32700, 'Parse error');
    return answer(
      reply,
      status,
      -32000,
      status === 413 ? 'Request body too large' : 'Request body not readable',
    );
  };
  const instance = adapter.getInstance<FastifyInstanceLike>();
  instance.addHook('onRequest', (request, _reply, done) => {
    const { method, headers } = request.raw;
    if (
      (method === 'GET' || method === 'DELETE') &&
      (headers['content-length'] ?? '0') === '0' &&
      headers['transfer-encoding'] === undefined &&
      onEndpoint(request)
    )
      delete headers['content-type'];
    done();
  });
  instance.addHook('preValidation', (request, reply, done) => {
    if (onEndpoint(request) && nestsDeeperThan(request.body, MAX_JSON_DEPTH)) {
      answer(
        reply,
        400,
        -32700,
        `Parse error: JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
      );
      return;
    }
    done();
  });
}

/** The 4xx status of an error a body parser raised, else `undefined`. */
function parserStatusOf(error: unknown): number | undefined {
  const { code, statusCode, name } = (error ?? {}) as ParserError;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode > 499)
    return undefined;
  const fromParser =
    (typeof code === 'string' && code.startsWith('FST_ERR_CTP_')) ||
    name === 'SyntaxError';
  return fromParser ? statusCode : undefined;
}

/** Invalid JSON (a syntax error, forbidden prototype keys, an empty JSON body). */
function isParseFailure(error: unknown, status: number): boolean {
  const { code, name } = error as ParserError;
  return (
    status === 400 &&
    (name === 'SyntaxError' ||
      code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      code === 'FST_ERR_CTP_INVALID_JSON_BODY')
  );
}

function answer(
  reply: FastifyReplyLike,
  status: number,
  code: number,
  message: string,
): unknown {
  return reply
    .code(status)
    .type('application/json')
    .send(JSON.stringify(jsonRpcError(code, message)));
}

/** The path of a request target, without its query. */
function pathOf(url: string | undefined): string {
  const target = url ?? '/';
  const query = target.indexOf('?');
  return query < 0 ? target : target.slice(0, query);
}
