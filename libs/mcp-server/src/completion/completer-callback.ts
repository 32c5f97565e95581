import type { CompleteResourceTemplateCallback } from '@modelcontextprotocol/server';
import { toProtocolError } from '../item/handler-failure.js';
import type { FoundHandler } from '../item/item-kind.js';
import type { McpCallContext } from '../transport/call-context.js';
import type { CompletionRequest, Completers } from './completer.js';

/**
 * The SDK completion callbacks of `complete`, by argument: a method name runs that method of the
 * provider through Nest (with the HTTP request of the call being served), a function is called as
 * is. A result that is not an array of strings is a boot-time promise broken: answered as an
 * internal error.
 */
export function completerCallbacks(
  found: FoundHandler<{ complete?: Completers }>,
  usedBy: string,
  callContext: McpCallContext,
): Record<string, CompleteResourceTemplateCallback> {
  const callbacks: Record<string, CompleteResourceTemplateCallback> = {};
  for (const [argument, completer] of Object.entries(
    found.options.complete ?? {},
  )) {
    const what = `Completion of "${argument}" of ${usedBy}`;
    const run =
      typeof completer === 'string'
        ? found.invokerOf(completer, `${usedBy} complete.${argument}`)
        : undefined;
    if (run) callContext.keep();
    callbacks[argument] = async (value, context) => {
      const request: CompletionRequest = {
        argument,
        value,
        arguments: context?.arguments ?? {},
      };
      try {
        const suggestions = run
          ? await run(callContext.current()?.request ?? {}, request)
          : await (completer as Exclude<typeof completer, string>)(value, {
              arguments: request.arguments,
            });
        if (
          !Array.isArray(suggestions) ||
          !suggestions.every((s) => typeof s === 'string')
        ) {
          throw new TypeError('a completer must return an array of strings');
        }
        return suggestions;
      } catch (error) {
        throw toProtocolError(what, error);
      }
    };
  }
  return callbacks;
}
