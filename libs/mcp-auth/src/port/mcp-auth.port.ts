import {
  type ExecutionContext,
  Inject,
  Injectable,
  type Type,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AuthErrorResponse } from '../guard/auth-error-response.js';
import { McpAuthErrorResponses } from '../guard/auth-error-response.js';
import { McpAuthGuard } from '../guard/mcp-auth.guard.js';
import { getResourceOwner, presentedSchemeOf } from '../guard/request-owner.js';
import {
  MCP_AUTH_RESOLVED_OPTIONS,
  REQUIRED_SCOPES_METADATA,
} from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import { ScopePolicy } from '../scopes/scope-policy.js';
import type { ResourceOwner } from '../verifier/resource-owner.interface.js';

/**
 * What other libraries (such as `@nest-mcp/server`) need from `McpAuthModule`, and nothing more:
 * authenticate a request, read its verified owner, decide scopes, and answer a lack of them.
 *
 * @publicApi
 */
@Injectable()
export class McpAuthPort {
  /** The canonical resource URL (RFC 8707), the audience tokens carry. */
  readonly resource: string;
  /** URL of the protected resource metadata (RFC 9728 §3), named in every challenge. */
  readonly metadataUrl: string;
  /** Scopes every protected request must carry (`requiredScopes`). */
  readonly requiredScopes: readonly string[];
  /** Leeway on `exp` the tokens were accepted with (`clockToleranceSeconds`). */
  readonly clockToleranceSeconds: number;

  constructor(
    private readonly guard: McpAuthGuard,
    private readonly responses: McpAuthErrorResponses,
    private readonly scopes: ScopePolicy,
    private readonly reflector: Reflector,
    @Inject(MCP_AUTH_RESOLVED_OPTIONS) options: ResolvedMcpAuthOptions,
  ) {
    this.resource = options.resource;
    this.metadataUrl = options.metadataUrl;
    this.requiredScopes = options.requiredScopes;
    this.clockToleranceSeconds = options.clockToleranceSeconds;
  }

  /** Runs `McpAuthGuard` on `context` (for routes the global guard does not cover). */
  authenticate(context: ExecutionContext): boolean | Promise<boolean> {
    return this.guard.canActivate(context);
  }

  /** The verified owner of `request`, once the guard let it through; else `undefined`. */
  ownerOf(request: object): ResourceOwner | undefined {
    return getResourceOwner(request);
  }

  /** True when `granted` covers `needed`, following `scopeHierarchy`. */
  satisfies(granted: readonly string[], needed: readonly string[]): boolean {
    return this.scopes.satisfies(granted, needed);
  }

  /** The scopes `@RequireScopes()` asks of `handler` (over its `type`), or none. */
  scopesOf(handler: object, type: Type<unknown>): readonly string[] {
    return (
      this.reflector.getAllAndOverride<string[] | undefined>(
        REQUIRED_SCOPES_METADATA,
        [handler as (...args: unknown[]) => unknown, type],
      ) ?? []
    );
  }

  /**
   * The 403 `insufficient_scope` answer for an operation needing `needed` (RFC 6750 §3.1); its
   * challenge lists `requiredScopes`, `needed` and the scopes already `granted`, in the scheme
   * (`Bearer` or `DPoP`) the token of `request` came with.
   */
  insufficientScope(
    needed: readonly string[],
    granted: readonly string[],
    request?: object,
  ): AuthErrorResponse {
    return this.responses.insufficientScope(
      [...new Set([...this.requiredScopes, ...needed])],
      granted,
      request ? presentedSchemeOf(request) : 'Bearer',
    );
  }
}
