import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Position of the call object among a handler's context arguments `[request, response, call]`. */
export const HANDLER_CALL_ARG_INDEX = 2;

/**
 * A param decorator injecting `field` of the handler's call object (see `HandlerInvoker`), or,
 * given a name (`@ToolInput('text')`), that property of it.
 */
export function callFieldDecorator<C>(field: keyof C & string) {
  return createParamDecorator(
    (name: string | undefined, context: ExecutionContext) => {
      const call = context.getArgByIndex<Record<string, unknown> | undefined>(
        HANDLER_CALL_ARG_INDEX,
      );
      const value = call?.[field] as Record<string, unknown> | undefined;
      return name && value ? value[name] : value;
    },
  );
}
