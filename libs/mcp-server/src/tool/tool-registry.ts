import { Injectable } from '@nestjs/common';
import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import { ItemRegistry } from '../item/item-registry.js';
import type { McpItem } from '../item/mcp-item.js';
import type { ToolCall } from './tool-call.js';
import type { ToolOptions } from './tool-options.interface.js';

/** A discovered tool: its declaration and how to run its handler through Nest's enhancers. */
export interface ToolDefinition extends McpItem {
  readonly name: string;
  readonly options: ToolOptions;
  /** The argument schema (an empty object when `input` is not given), converted to JSON Schema at boot. */
  readonly inputSchema: StandardSchemaWithJSON<
    unknown,
    Record<string, unknown>
  >;
  /** The result schema, if any, converted at boot. */
  readonly outputSchema:
    StandardSchemaWithJSON<unknown, Record<string, unknown>> | undefined;
  /** Runs the handler with guards, interceptors, pipes and filters; `request` is the HTTP request. */
  readonly invoke: (request: object, call: ToolCall) => Promise<unknown>;
}

/** All tools of the application, filled once at boot by the explorer; names are unique. */
@Injectable()
export class ToolRegistry extends ItemRegistry<ToolDefinition> {
  constructor() {
    super('tool', [{ label: 'names', of: (tool) => tool.name }]);
  }
}
