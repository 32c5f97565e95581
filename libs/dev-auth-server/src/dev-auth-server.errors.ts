/** Base class of every error raised by `@nest-mcp/dev-auth-server`. */
export abstract class DevAuthServerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Invalid options or signing key, raised before the server listens; the message names the
 * option (or key file) at fault and what to write instead.
 */
export class DevAuthServerConfigError extends DevAuthServerError {
  constructor(
    /** The option, or the key file, at fault. */
    readonly option: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`@nest-mcp/dev-auth-server: ${option} ${problem}`, options);
  }
}
