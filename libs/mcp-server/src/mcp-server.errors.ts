/** Invalid `McpServerModule` options or tool declarations, raised once at boot. */
export class McpServerConfigError extends Error {
  constructor(
    /** The option or declaration at fault. */
    readonly option: string,
    problem: string,
  ) {
    super(`McpServerModule ${option}: ${problem}`);
    this.name = 'McpServerConfigError';
  }
}
