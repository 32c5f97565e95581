import type { ServerContext } from '@modelcontextprotocol/server';
import { callFieldDecorator } from '../item/handler-call.js';
import type { ToolCall } from './tool-call.js';

/**
 * Injects the tool's validated arguments (or one of them: `@ToolInput('text')`).
 *
 * @publicApi
 */
export const ToolInput = callFieldDecorator<ToolCall>('input');

/**
 * Injects the SDK v2 request context of the call (`ServerContext`: `mcpReq.signal`,
 * `mcpReq.envelope` with the 2026-07-28 protocol version and client info, `mcpReq.notify`,
 * `http.authInfo`…), e.g. to report progress or honour cancellation.
 *
 * @publicApi
 */
export const ToolExtra = callFieldDecorator<ToolCall>('extra');

/**
 * `@ToolExtra()` for any handler: the SDK v2 request context of a tool call, resource read or
 * prompt get (`undefined` in a completer: the SDK gives completions none).
 *
 * @publicApi
 */
export const McpExtra = callFieldDecorator<{ extra: ServerContext }>('extra');
