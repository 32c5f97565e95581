import type { InvalidTokenReason } from './invalid-token-reason.js';

/** Base class of every error raised by `@nest-mcp/auth`. */
export abstract class McpAuthError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Invalid module options, raised once at boot; the message names the option and the fix. */
export class McpAuthConfigError extends McpAuthError {
  constructor(
    /** The option (or environment variable) at fault. */
    readonly option: string,
    /** What is wrong, and the fix. */
    readonly problem: string,
    /** When `option` is an environment variable: the option it sets. */
    readonly optionName?: string,
  ) {
    super(
      optionName === undefined
        ? `McpAuthModule option "${option}": ${problem}`
        : `${option} (option ${optionName}) ${problem}`,
    );
  }
}

/** The request carried no usable bearer credentials (401 without an error code). */
export class MissingCredentialsError extends McpAuthError {
  constructor() {
    super('No bearer access token in the Authorization header');
  }
}

/** The request is malformed, e.g. two Authorization headers (400 `invalid_request`). */
export class InvalidRequestError extends McpAuthError {
  constructor(readonly reason: 'duplicate_authorization_header') {
    super(`Invalid request: ${reason}`);
  }
}

/** A presented token failed a check (401 `invalid_token`). */
export class InvalidTokenError extends McpAuthError {
  constructor(
    /** Machine-readable reason; safe to log, never sent to the client. */
    readonly reason: InvalidTokenReason,
    /** Issuer the token claimed, when it was a trusted one. */
    readonly issuer?: string,
  ) {
    super(`Invalid access token: ${reason}`);
  }
}

/** A valid token lacks scopes the operation needs (403 `insufficient_scope`). */
export class InsufficientScopeError extends McpAuthError {
  constructor(
    /** Every scope the operation needs. */
    readonly requiredScopes: readonly string[],
    /** The scopes the token carries. */
    readonly grantedScopes: readonly string[],
  ) {
    super(`Insufficient scope: needs ${requiredScopes.join(' ')}`);
  }
}

/** The keys of a trusted issuer cannot be obtained right now (503 with `Retry-After`). */
export class AuthorizationServerUnavailableError extends McpAuthError {
  constructor(
    readonly issuer: string,
    /** Seconds after which a retry may succeed. */
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(`Keys of issuer ${issuer} are unavailable`, options);
  }
}
