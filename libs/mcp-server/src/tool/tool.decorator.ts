import { SetMetadata } from '@nestjs/common';
import { McpServerConfigError } from '../mcp-server.errors.js';
import { TOOL_METADATA, TOOL_NAME_PATTERN } from '../mcp-server.constants.js';
import { checkScopes } from '../item/declaration-checks.js';
import type { ToolOptions } from './tool-options.interface.js';

/**
 * Declares a method of a provider as an MCP tool. The method is a Nest handler: guards,
 * interceptors, pipes, filters and param decorators such as `@ToolInput()` and `@ResourceOwner()`
 * apply to it.
 *
 * @publicApi
 */
export const Tool = (options: ToolOptions): MethodDecorator => {
  if (!options || !TOOL_NAME_PATTERN.test(options.name)) {
    throw new McpServerConfigError(
      '@Tool()',
      `name "${String(options?.name)}" must be 1-128 characters of A-Z a-z 0-9 _ - .`,
    );
  }
  checkScopes(`@Tool({ name: '${options.name}' })`, options.scopes);
  return SetMetadata(TOOL_METADATA, options);
};
