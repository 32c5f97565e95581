import type { ServerContext } from '@modelcontextprotocol/server';

/** Everything about one `tools/call` that a handler can ask for. */
export interface ToolCall {
  /** The tool's name. */
  readonly name: string;
  /** Arguments, parsed and validated against the tool's `input` schema. */
  readonly input: Record<string, unknown>;
  /**
   * The SDK v2 request context: `mcpReq` (`id`, `method`, `_meta`, the 2026-07-28 `envelope` with
   * protocol version and client info, `signal`, `notify`), `http.authInfo`, `http.req`, `sessionId`.
   */
  readonly extra: ServerContext;
}
