import {
  type McpHandlerRequestOptions,
  type McpServer,
  PROTOCOL_VERSION_META_KEY,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';

/** Methods whose handlers run application code, which may send progress or log messages mid-call. */
const RUNS_HANDLERS = new Set(['tools/call', 'prompts/get', 'resources/read']);

/**
 * True when a stateless 2025-era exchange of `body` can send nothing before its result, so a
 * plain JSON body answers it as the SSE stream would (MCP 2025-06-18 "Sending Messages to the
 * Server": the server returns either `application/json` or `text/event-stream`). One JSON-RPC
 * request qualifies unless its handler may stream: one that runs application code while the
 * server logs (`logging`) or the client asked for progress (`_meta.progressToken`). A stateless
 * exchange never asks the client anything: the answer could only arrive in another exchange.
 * False for a body carrying the 2026-07-28 envelope claim (saves classifying it twice).
 */
export function streamsNothing(body: unknown, logging: boolean): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return false;
  const { method, id, params } = body as {
    method?: unknown;
    id?: unknown;
    params?: { _meta?: Record<string, unknown> };
  };
  if (typeof method !== 'string' || id === undefined) return false;
  // The MCP 2026-07-28 envelope claim: never a 2025-era exchange (`isLegacyRequest` says false).
  if (params?._meta?.[PROTOCOL_VERSION_META_KEY] !== undefined) return false;
  if (!RUNS_HANDLERS.has(method)) return true;
  return !logging && params?._meta?.progressToken === undefined;
}

/**
 * Serves one stateless 2025-era exchange with `server` as the SDK's stateless fallback does (a
 * streamable HTTP transport without sessions), answering with one JSON body: the transport's
 * `enableJsonResponse`. The transport keeps its own checks (`Accept`, content type, protocol
 * version header). Only for exchanges that `streamsNothing`.
 */
export async function answerAsJson(
  server: McpServer,
  request: Request,
  options: McpHandlerRequestOptions,
  maxRequestBodySize: number,
  onerror: (error: Error) => void,
): Promise<Response> {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    maxRequestBodySize,
  });
  try {
    await server.connect(transport);
    return await transport.handleRequest(request, options);
  } catch (error) {
    onerror(error instanceof Error ? error : new Error(String(error)));
    return internalError(options.parsedBody);
  } finally {
    // Closing settles nothing here (the answer is complete), yet the SDK builds its "Connection
    // closed" error for it every time: without a stack, that costs nothing (it is never thrown).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      transport.close().catch(() => {});
    } finally {
      Error.stackTraceLimit = limit;
    }
    server.close().catch(() => {});
  }
}

/** The SDK's answer to a failed exchange: HTTP 500, JSON-RPC -32603, echoing the request's id. */
function internalError(body: unknown): Response {
  const { id } = (typeof body === 'object' && body !== null ? body : {}) as {
    id?: unknown;
  };
  return Response.json(
    {
      jsonrpc: '2.0',
      error: { code: -32603, message: 'Internal server error' },
      id: typeof id === 'string' || typeof id === 'number' ? id : null,
    },
    { status: 500 },
  );
}
