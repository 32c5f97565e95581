import type { ServerContext, Variables } from '@modelcontextprotocol/server';

/** Everything about one `resources/read` that a resource handler can ask for. */
export interface ResourceRead {
  /** The URI being read. */
  readonly uri: URL;
  /** The template variables matched in it (`{}` for a `@Resource()`). */
  readonly variables: Variables;
  /** The SDK v2 request context (see `ToolCall.extra`). */
  readonly extra: ServerContext;
}
