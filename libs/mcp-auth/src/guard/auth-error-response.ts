import { Inject, Injectable } from '@nestjs/common';
import {
  AuthorizationServerUnavailableError,
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
  McpAuthError,
  MissingCredentialsError,
} from '../errors/mcp-auth.errors.js';
import { MCP_AUTH_RESOLVED_OPTIONS } from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import { bearerChallenge } from './bearer-challenge.js';

/** An HTTP answer to a refused request: status, headers and a small JSON body. */
export interface AuthErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<{
    statusCode: number;
    error: string;
    message: string;
  }>;
}

/**
 * Turns `@nest-mcp/auth` errors into HTTP answers with the right `WWW-Authenticate` challenge
 * (RFC 6750 §3, RFC 9728 §5.1). Fixed answers are computed once at boot.
 */
@Injectable()
export class McpAuthErrorResponses {
  private readonly missing: AuthErrorResponse;
  private readonly invalidToken: AuthErrorResponse;
  private readonly expiredToken: AuthErrorResponse;
  private readonly invalidRequest: AuthErrorResponse;

  constructor(
    @Inject(MCP_AUTH_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpAuthOptions,
  ) {
    const resourceMetadata = options.metadataUrl;
    this.missing = response(
      401,
      'unauthorized',
      'Bearer access token required',
      {
        'WWW-Authenticate': bearerChallenge({
          resourceMetadata,
          scope: options.requiredScopes,
        }),
      },
    );
    const invalid = (description: string) =>
      response(401, 'invalid_token', description, {
        'WWW-Authenticate': bearerChallenge({
          resourceMetadata,
          error: 'invalid_token',
          errorDescription: description,
        }),
      });
    this.invalidToken = invalid('The access token is invalid');
    this.expiredToken = invalid('The access token has expired');
    this.invalidRequest = response(
      400,
      'invalid_request',
      'Malformed authorization request',
      {
        'WWW-Authenticate': bearerChallenge({
          resourceMetadata,
          error: 'invalid_request',
          errorDescription: 'Malformed authorization request',
        }),
      },
    );
  }

  /** 401 without an error code, listing `scopes` the operation needs (if any) besides the required ones. */
  missingCredentials(scopes: readonly string[] = []): AuthErrorResponse {
    if (scopes.length === 0) return this.missing;
    return response(401, 'unauthorized', 'Bearer access token required', {
      'WWW-Authenticate': bearerChallenge({
        resourceMetadata: this.options.metadataUrl,
        scope: [...this.options.requiredScopes, ...scopes],
      }),
    });
  }

  /** 403 `insufficient_scope`; the challenge lists every needed scope plus those already granted. */
  insufficientScope(
    needed: readonly string[],
    granted: readonly string[],
  ): AuthErrorResponse {
    return response(
      403,
      'insufficient_scope',
      'The access token lacks a required scope',
      {
        'WWW-Authenticate': bearerChallenge({
          resourceMetadata: this.options.metadataUrl,
          error: 'insufficient_scope',
          errorDescription: 'The access token lacks a required scope',
          scope: [...needed, ...granted],
        }),
      },
    );
  }

  /** The answer for any `McpAuthError`; `routeScopes` are the scopes the refused operation needs. */
  forError(
    error: McpAuthError,
    routeScopes: readonly string[] = [],
  ): AuthErrorResponse {
    if (error instanceof MissingCredentialsError)
      return this.missingCredentials(routeScopes);
    if (error instanceof InvalidTokenError) {
      return error.reason === 'expired' ? this.expiredToken : this.invalidToken;
    }
    if (error instanceof InsufficientScopeError) {
      return this.insufficientScope(error.requiredScopes, error.grantedScopes);
    }
    if (error instanceof AuthorizationServerUnavailableError) {
      return response(
        503,
        'temporarily_unavailable',
        'Token verification is temporarily unavailable',
        {
          'Retry-After': String(error.retryAfterSeconds),
        },
      );
    }
    if (error instanceof InvalidRequestError) return this.invalidRequest;
    return this.invalidToken;
  }
}

function response(
  status: number,
  error: string,
  message: string,
  headers: Record<string, string>,
): AuthErrorResponse {
  return Object.freeze({
    status,
    headers: Object.freeze(headers),
    body: Object.freeze({ statusCode: status, error, message }),
  });
}
