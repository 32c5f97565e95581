import {
  completable,
  type CompleteResourceTemplateCallback,
} from '@modelcontextprotocol/server';
import { globalRegistry, type ZodObject, type ZodType } from 'zod';
import { PROMPT_METADATA } from '../mcp-server.constants.js';
import { completerCallbacks } from '../completion/completer-callback.js';
import { toProtocolError } from '../item/handler-failure.js';
import { itemKind, type ItemKind } from '../item/item-kind.js';
import type { McpCallContext } from '../transport/call-context.js';
import type { PromptGet } from './prompt-get.js';
import type { PromptOptions } from './prompt-options.interface.js';
import type { PromptRegistry } from './prompt-registry.js';
import { toPromptResult } from './prompt-result.js';

/** `@Prompt()` methods become `PromptDefinition`s with their completers. */
export function promptKind(
  registry: PromptRegistry,
  callContext: McpCallContext,
): ItemKind<PromptOptions> {
  return itemKind(PROMPT_METADATA, 'prompt', registry, (found) => {
    const { name, description, arguments: schema } = found.options;
    const callbacks = completerCallbacks(
      found,
      `prompt "${name}"`,
      callContext,
    );
    return {
      name,
      argsSchema: schema && withCompleters(schema, callbacks),
      get: async (request, args, extra) => {
        const get: PromptGet = { name, arguments: args, extra };
        try {
          return toPromptResult(await found.invoke(request, get), description);
        } catch (error) {
          throw toProtocolError(`Prompt "${name}"`, error);
        }
      },
    };
  });
}

/**
 * `schema` with each completed field marked `completable()` (what the SDK's `completion/complete`
 * looks for). The fields are copies: the application's own schemas are left untouched.
 */
function withCompleters(
  schema: ZodObject,
  callbacks: Record<string, CompleteResourceTemplateCallback>,
): ZodObject {
  const names = Object.keys(callbacks);
  if (names.length === 0) return schema;
  const fields: Record<string, ZodType> = {};
  for (const name of names) {
    const field = schema.shape[name] as ZodType;
    const optional = field.def.type === 'optional';
    const inner = optional
      ? (field.def as unknown as { innerType: ZodType }).innerType
      : field;
    const marked = completable(inner.clone(), callbacks[name] as never);
    // `.describe()` on the optional wrapper lives on the wrapper: carry it over.
    const meta = globalRegistry.get(field);
    const wrapped = optional ? marked.optional() : marked;
    fields[name] = optional && meta ? wrapped.meta(meta) : wrapped;
  }
  return schema.extend(fields);
}
