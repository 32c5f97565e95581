import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { TOOL_CALL_ARG_INDEX, type ToolCall } from './tool-call.js';

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
 * Injects the SDK's request context of the call (`signal`, `authInfo`, `sessionId`,
 * `sendNotification`…), e.g. to report progress or honour cancellation.
 *
 * @publicApi
 */
export const ToolExtra = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => toolCallOf(context)?.extra,
);
