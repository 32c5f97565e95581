/** Base class of every error raised by `@nest-mcp/server`. */
export abstract class McpServerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Invalid `McpServerModule` options or tool declarations, raised once at boot. */
export class McpServerConfigError extends McpServerError {
  constructor(
    /** The option or declaration at fault. */
    readonly option: string,
    problem: string,
  ) {
    super(`McpServerModule ${option}: ${problem}`);
  }
}
