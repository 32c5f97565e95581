/** A JSON-RPC request as far as routing needs it. */
export interface JsonRpcRequestLike {
  readonly id?: string | number | null;
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

/** The JSON-RPC requests in a POST body (one message or a batch); anything else is skipped. */
export function requestsIn(body: unknown): JsonRpcRequestLike[] {
  const messages = Array.isArray(body) ? body : [body];
  return messages.filter(
    (message): message is JsonRpcRequestLike =>
      typeof message === 'object' &&
      message !== null &&
      typeof (message as { method?: unknown }).method === 'string',
  );
}

/** True when the body holds an `initialize` request. */
export function isInitialize(body: unknown): boolean {
  return requestsIn(body).some((message) => message.method === 'initialize');
}

/** Names of the tools a body asks to call (`tools/call` requests). */
export function calledToolNames(body: unknown): string[] {
  return requestsIn(body)
    .filter((message) => message.method === 'tools/call')
    .map((message) => message.params?.name)
    .filter((name): name is string => typeof name === 'string');
}

/** A JSON-RPC error response body (no request input echoed). */
export function jsonRpcError(code: number, message: string): object {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}
