import { Injectable } from '@nestjs/common';
import { McpServerConfigError } from '../mcp-server.errors.js';
import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import type { ToolCall } from './tool-call.js';
import type { ToolOptions } from './tool-options.interface.js';

/** A discovered tool: its declaration and how to run its handler through Nest's enhancers. */
export interface ToolDefinition {
  readonly name: string;
  readonly options: ToolOptions;
  /** Every scope a caller needs: `@Tool({ scopes })` and `@RequireScopes()` on the method or class. */
  readonly scopes: readonly string[];
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
  /** Where it was declared, for error messages (`Class.method`). */
  readonly declaredAt: string;
}

/** All tools of the application, filled once at boot by the explorer. */
@Injectable()
export class ToolRegistry {
  private readonly tools = new Map<string, ToolDefinition>();
  private sorted: readonly ToolDefinition[] | undefined;

  /** Adds a tool; a second tool with the same name fails boot with both locations. */
  add(tool: ToolDefinition): void {
    const existing = this.tools.get(tool.name);
    if (existing) {
      throw new McpServerConfigError(
        `tool "${tool.name}"`,
        `declared twice, in ${existing.declaredAt} and ${tool.declaredAt}; tool names must be unique`,
      );
    }
    this.tools.set(tool.name, tool);
    this.sorted = undefined;
  }

  /** The tool named `name`, if any. */
  get(name: string): ToolDefinition | undefined {
    return this.tools.get(name);
  }

  /** Every tool, in name order (so `tools/list` is deterministic). */
  all(): readonly ToolDefinition[] {
    this.sorted ??= Object.freeze(
      [...this.tools.values()].sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      ),
    );
    return this.sorted;
  }
}
