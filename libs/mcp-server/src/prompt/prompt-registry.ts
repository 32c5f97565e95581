import { Injectable } from '@nestjs/common';
import type {
  GetPromptResult,
  ServerContext,
} from '@modelcontextprotocol/server';
import type { ZodObject } from 'zod';
import { ItemRegistry } from '../item/item-registry.js';
import type { McpItem } from '../item/mcp-item.js';
import type { PromptOptions } from './prompt-options.interface.js';

/** A discovered `@Prompt()`. */
export interface PromptDefinition extends McpItem {
  readonly name: string;
  readonly options: PromptOptions;
  /** The argument schema with its completers attached (SDK `completable()`), built once at boot. */
  readonly argsSchema: ZodObject | undefined;
  /** Runs the handler through Nest: the result, or the JSON-RPC error to answer. */
  readonly get: (
    request: object,
    args: Record<string, unknown>,
    extra: ServerContext,
  ) => Promise<GetPromptResult>;
}

/** All `@Prompt()`s of the application; names are unique. */
@Injectable()
export class PromptRegistry extends ItemRegistry<PromptDefinition> {
  constructor() {
    super('prompt', [{ label: 'names', of: (prompt) => prompt.name }]);
  }
}
