import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { ZodType } from 'zod';

/** Declaration of one MCP tool, given to `@Tool()`. */
export interface ToolOptions {
  /** Unique tool name: 1-128 of `A-Z a-z 0-9 _ - .`. */
  name: string;
  /** What the tool does, for the model. */
  description: string;
  /** Optional display title. */
  title?: string;
  /** Zod object schema of the arguments; the handler gets the parsed value through `@ToolInput()`. */
  input?: ZodType<Record<string, unknown>>;
  /** Zod object schema of the structured result; the handler's return value is checked against it. */
  output?: ZodType<Record<string, unknown>>;
  /**
   * Scopes the caller's token must carry (together with any `@RequireScopes()` on the method or
   * its class); lacking one answers HTTP 403 `insufficient_scope` before the tool runs.
   */
  scopes?: string[];
  /** MCP tool annotations (hints such as `readOnlyHint`). */
  annotations?: ToolAnnotations;
}
