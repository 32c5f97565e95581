import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type {
  ServerNotification,
  ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';

/** Everything about one `tools/call` that a handler can ask for. */
export interface ToolCall {
  /** The tool's name. */
  readonly name: string;
  /** Arguments, parsed and validated against the tool's `input` schema. */
  readonly input: Record<string, unknown>;
  /** The SDK's request context: `signal`, `authInfo`, `sessionId`, `sendNotification`, … */
  readonly extra: RequestHandlerExtra<ServerRequest, ServerNotification>;
}

/** Position of the `ToolCall` among the handler's context arguments `[request, response, call]`. */
export const TOOL_CALL_ARG_INDEX = 2;
