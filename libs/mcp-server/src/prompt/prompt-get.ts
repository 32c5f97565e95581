import type { ServerContext } from '@modelcontextprotocol/server';

/** Everything about one `prompts/get` that a prompt handler can ask for. */
export interface PromptGet {
  /** The prompt's name. */
  readonly name: string;
  /** Arguments, parsed and validated against the prompt's `arguments` schema. */
  readonly arguments: Record<string, unknown>;
  /** The SDK v2 request context (see `ToolCall.extra`). */
  readonly extra: ServerContext;
}
