/** A JSON-RPC request as far as routing needs it. */
interface JsonRpcRequestLike {
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

/** The JSON-RPC requests in a POST body (one message or a 2025-03-26 batch); anything else is skipped. */
function requestsIn(body: unknown): JsonRpcRequestLike[] {
  const messages = Array.isArray(body) ? body : [body];
  return messages.filter(
    (message): message is JsonRpcRequestLike =>
      typeof message === 'object' &&
      message !== null &&
      typeof (message as { method?: unknown }).method === 'string',
  );
}

/**
 * Names of the tools a body asks to call (`tools/call` requests). The body decides, never the
 * `Mcp-Name` header: the SDK refuses a header that disagrees with it (-32020) before any tool runs.
 */
export function calledToolNames(body: unknown): string[] {
  return requestsIn(body)
    .filter((message) => message.method === 'tools/call')
    .map((message) => message.params?.name)
    .filter((name): name is string => typeof name === 'string');
}
