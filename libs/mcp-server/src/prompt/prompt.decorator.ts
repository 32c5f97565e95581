import { SetMetadata } from '@nestjs/common';
import { McpServerConfigError } from '../mcp-server.errors.js';
import { PROMPT_METADATA } from '../mcp-server.constants.js';
import { checkDeclaration } from '../item/declaration-checks.js';
import type { PromptOptions } from './prompt-options.interface.js';

/**
 * Declares a method of a provider as an MCP prompt (`prompts/list`, `prompts/get`,
 * `completion/complete` of its arguments). The method is a Nest handler: guards, interceptors,
 * pipes, filters and param decorators such as `@PromptArguments()` and `@ResourceOwner()` apply
 * to it. It returns a `GetPromptResult`, an array of messages, or a string (one user message).
 *
 * @publicApi
 */
export const Prompt = (options: PromptOptions): MethodDecorator => {
  const where = `@Prompt({ name: '${String(options?.name)}' })`;
  const schema = options?.arguments as { shape?: unknown } | undefined;
  if (
    schema !== undefined &&
    (typeof schema.shape !== 'object' || schema.shape === null)
  ) {
    throw new McpServerConfigError(
      where,
      'arguments must be a Zod object schema (z.object({ ... }))',
    );
  }
  checkDeclaration(where, options ?? {}, {
    names: Object.keys(schema?.shape ?? {}),
    what: 'argument',
  });
  return SetMetadata(PROMPT_METADATA, options);
};
