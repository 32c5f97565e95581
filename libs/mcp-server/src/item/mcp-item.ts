/**
 * Runs a discovered handler with guards, interceptors, pipes and filters: `request` is the HTTP
 * request that carried the call, `call` what its param decorators read (`ToolCall`,
 * `ResourceRead`, `PromptGet`, `CompletionRequest`).
 */
export type HandlerInvoker = (
  request: object,
  call: object,
) => Promise<unknown>;

/** What every discovered tool, resource, resource template and prompt has. */
export interface McpItem {
  /** Every scope a caller needs: the decorator's `scopes` and `@RequireScopes()` on the method or class. */
  readonly scopes: readonly string[];
  /** Where it was declared, for error messages (`Class.method`). */
  readonly declaredAt: string;
}
