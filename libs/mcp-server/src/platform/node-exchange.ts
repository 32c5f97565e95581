import type { IncomingMessage, ServerResponse } from 'node:http';

/** Node's request as the SDK's Node transport reads it: the parsed body on `body`. */
export type NodeMcpRequest = IncomingMessage & { body?: unknown };

/** One HTTP exchange of the MCP endpoint, on whichever Nest platform served it. */
export interface NodeExchange {
  /** What Nest handed the route: Express's request, or a `FastifyRequest` (guards, tools, `@Req()`). */
  readonly request: object;
  /** The Node request behind it, with the parsed body (what the SDK's Node transport reads). */
  readonly req: NodeMcpRequest;
  /** The Node response the SDK writes the answer, or its SSE stream, to. */
  readonly res: ServerResponse;
}

/** A `FastifyRequest` (the parts read here): the Node request is `raw`. */
interface FastifyRequestLike {
  readonly raw: IncomingMessage;
  readonly body?: unknown;
}

/** A `FastifyReply` (the parts used here): the Node response is `raw`. */
interface FastifyReplyLike {
  readonly raw: ServerResponse;
  hijack(): unknown;
}

/**
 * The Node request and response of a route's `@Req()` and `@Res()`. Express hands Node's own
 * objects. Fastify hands its wrappers: the answer is written to the Node response directly, so the
 * reply is hijacked (Fastify sends nothing itself and leaves a long-lived SSE stream alone), and
 * the body Fastify parsed goes onto the Node request for the transport.
 */
export function nodeExchangeOf(
  request: object,
  response: object,
): NodeExchange {
  if (!isFastifyReply(response)) {
    return {
      request,
      req: request as NodeMcpRequest,
      res: response as ServerResponse,
    };
  }
  const fastifyRequest = request as FastifyRequestLike;
  const req = fastifyRequest.raw as NodeMcpRequest;
  req.body = fastifyRequest.body;
  response.hijack();
  return { request, req, res: response.raw };
}

function isFastifyReply(response: object): response is FastifyReplyLike {
  const reply = response as Partial<FastifyReplyLike>;
  return typeof reply.hijack === 'function' && reply.raw !== undefined;
}
