import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { TOOL_CALL_ARG_INDEX, type ToolCall } from './tool-call.js';
import { progressReporterOf } from './tool-progress.js';

const toolCallOf = (context: ExecutionContext): ToolCall | undefined =>
  context.getArgByIndex<ToolCall | undefined>(TOOL_CALL_ARG_INDEX);

/**
 * Injects the tool's validated arguments (or one of them: `@ToolInput('text')`).
 *
 * @publicApi
 */
export const ToolInput = createParamDecorator(
  (property: string | undefined, context: ExecutionContext) => {
    const input = toolCallOf(context)?.input;
    return property && input ? input[property] : input;
  },
);

/**
 * Injects the SDK v2 request context of the call (`ServerContext`: `mcpReq.signal`,
 * `mcpReq.envelope` with the 2026-07-28 protocol version and client info, `mcpReq.notify`,
 * `http.authInfo`…), e.g. to report progress or honour cancellation.
 *
 * @publicApi
 */
export const ToolExtra = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => toolCallOf(context)?.extra,
);

/**
 * Injects a `ProgressReporter` for the call: `await progress(50, 100, 'half way')` sends
 * `notifications/progress` to the request's `progressToken`, and does nothing when the client
 * asked for no progress.
 *
 * @publicApi
 */
export const ToolProgress = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => {
    const extra = toolCallOf(context)?.extra;
    return extra ? progressReporterOf(extra) : () => Promise.resolve();
  },
);
