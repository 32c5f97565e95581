import type { ZodObject } from 'zod';
import type { Completers } from '../completion/completer.js';

/** Declaration of one MCP prompt, given to `@Prompt()`. */
export interface PromptOptions {
  /** Unique prompt name; 1-128 characters. */
  name: string;
  /** Optional display title. */
  title?: string;
  /** What the prompt is for. */
  description?: string;
  /**
   * Zod object schema of the arguments (MCP prompt arguments are strings: use `z.string()`,
   * optional with `.optional()`, described with `.describe()`); the handler gets the parsed value
   * through `@PromptArguments()`.
   */
  arguments?: ZodObject;
  /** Completion of arguments (`completion/complete`), by argument name. */
  complete?: Completers;
  /**
   * Scopes the caller's token must carry (together with any `@RequireScopes()` on the method or
   * its class); a `prompts/get` lacking one answers HTTP 403 `insufficient_scope` before the
   * handler runs.
   */
  scopes?: string[];
}
