import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ServerContext } from '@modelcontextprotocol/server';
import {
  callFieldDecorator,
  HANDLER_CALL_ARG_INDEX,
} from '../item/handler-call.js';
import type { ToolCall } from './tool-call.js';
import { progressReporterOf } from './tool-progress.js';

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

/**
 * Injects a `ProgressReporter` for the call: `await progress(50, 100, 'half way')` sends
 * `notifications/progress` to the request's `progressToken`, and does nothing when the client
 * asked for no progress.
 *
 * @publicApi
 */
export const ToolProgress = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => {
    const extra = context.getArgByIndex<{ extra?: ServerContext } | undefined>(
      HANDLER_CALL_ARG_INDEX,
    )?.extra;
    return extra ? progressReporterOf(extra) : () => Promise.resolve();
  },
);
