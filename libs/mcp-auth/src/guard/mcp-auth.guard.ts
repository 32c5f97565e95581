import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { McpAuthRejectionLog } from '../diagnostics/rejection-log.service.js';
import {
  InsufficientScopeError,
  InvalidTokenError,
  McpAuthError,
} from '../errors/mcp-auth.errors.js';
import {
  MCP_AUTH_RESOLVED_OPTIONS,
  PUBLIC_METADATA,
  REQUIRED_SCOPES_METADATA,
} from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import { ScopePolicy } from '../scopes/scope-policy.js';
import type { ResourceOwner } from '../verifier/resource-owner.interface.js';
import { McpTokenVerifier } from '../verifier/token-verifier.service.js';
import {
  type AuthErrorResponse,
  McpAuthErrorResponses,
} from './auth-error-response.js';
import { bearerCredentials, type RequestWithHeaders } from './bearer-token.js';
import { attachResourceOwner, getResourceOwner } from './request-owner.js';

/** What a guarded (not `@Public()`) route asks of its callers. */
interface GuardedRoute {
  /** The route's own `@RequireScopes()`, named in its challenges. */
  readonly routeScopes: readonly string[];
  /** Those plus the module's `requiredScopes`: every one must be granted. */
  readonly needed: readonly string[];
}

/** Marks a `@Public()` route in the guard's route cache. */
const PUBLIC_ROUTE = Symbol('public route');

/**
 * Requires a valid bearer access token (and the scopes of `@RequireScopes()` plus `requiredScopes`)
 * on every route it guards, except `@Public()` ones. Answers 400/401/403/503 with RFC 6750 challenges.
 * Registered globally by default; also usable as `@UseGuards(McpAuthGuard)`.
 *
 * @publicApi
 */
@Injectable()
export class McpAuthGuard implements CanActivate {
  /** What each guarded route asks, by handler, then by class (a handler may be inherited). */
  private readonly routes = new WeakMap<
    object,
    WeakMap<object, GuardedRoute | typeof PUBLIC_ROUTE>
  >();

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: McpTokenVerifier,
    private readonly responses: McpAuthErrorResponses,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MCP_AUTH_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpAuthOptions,
    private readonly rejections: McpAuthRejectionLog,
    private readonly scopes: ScopePolicy,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const route = this.routeOf(context);
    if (route === PUBLIC_ROUTE) return true;
    const request = this.getRequest(context);
    try {
      // Verified earlier in this request (the endpoint, then its tools), or a token verified in
      // an earlier request: answered without a promise.
      let owner = getResourceOwner(request);
      if (!owner) {
        const token = this.extractToken(request);
        const result = this.verifier.ownerOf(token);
        if (result instanceof Promise)
          return this.authenticate(request, token, result, context, route);
        owner = result;
        attachResourceOwner(request, owner);
      }
      this.checkScopes(owner, route);
      return true;
    } catch (error) {
      return this.refuse(error, context, route);
    }
  }

  /** The full verification's outcome (signature, claims, maybe a JWKS fetch), then the scopes. */
  private async authenticate(
    request: object,
    token: string,
    verification: Promise<ResourceOwner>,
    context: ExecutionContext,
    route: GuardedRoute,
  ): Promise<boolean> {
    try {
      let owner: ResourceOwner;
      try {
        owner = await verification;
      } catch (error) {
        if (error instanceof InvalidTokenError)
          this.rejections.tokenRefused(error, token);
        throw error;
      }
      attachResourceOwner(request, owner);
      this.checkScopes(owner, route);
      return true;
    } catch (error) {
      return this.refuse(error, context, route);
    }
  }

  /**
   * What a route asks of its callers, read once per handler and class: decorators are fixed at
   * boot, and a handler may be inherited by classes that ask for different scopes.
   */
  private routeOf(
    context: ExecutionContext,
  ): GuardedRoute | typeof PUBLIC_ROUTE {
    const handler = context.getHandler() as object | undefined;
    const type = context.getClass() as object | undefined;
    // A hand-made context without both cannot key the cache: read its metadata every time.
    if (!handler || !type) return this.readRoute(context);
    let byClass = this.routes.get(handler);
    if (!byClass) this.routes.set(handler, (byClass = new WeakMap()));
    let route = byClass.get(type);
    if (!route) byClass.set(type, (route = this.readRoute(context)));
    return route;
  }

  /** `@Public()`, else `@RequireScopes()` (handler over class) joined with `requiredScopes`. */
  private readRoute(
    context: ExecutionContext,
  ): GuardedRoute | typeof PUBLIC_ROUTE {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets))
      return PUBLIC_ROUTE;
    const routeScopes =
      this.reflector.getAllAndOverride<string[]>(
        REQUIRED_SCOPES_METADATA,
        targets,
      ) ?? [];
    return {
      routeScopes: Object.freeze([...routeScopes]),
      needed: Object.freeze([
        ...new Set([...this.options.requiredScopes, ...routeScopes]),
      ]),
    };
  }

  /** The request to authenticate; override for other transports (as throttler's guard allows). */
  protected getRequest(context: ExecutionContext): RequestWithHeaders & object {
    return context.switchToHttp().getRequest<RequestWithHeaders & object>();
  }

  /**
   * The bearer token of `request` (RFC 6750 §2.1: the `Authorization` header only). Throws
   * `MissingCredentialsError` or `InvalidRequestError`; an override must keep those semantics.
   */
  protected extractToken(request: RequestWithHeaders & object): string {
    return bearerCredentials(request);
  }

  /**
   * Sends a refusal: the challenge headers on the response, then the status and body thrown as
   * an `HttpException`. Override to shape the answer (the `answer` carries the right challenge).
   */
  protected onRefused(
    _error: McpAuthError,
    context: ExecutionContext,
    answer: AuthErrorResponse,
  ): never {
    // Inside an MCP tool there is no response object: the error becomes a tool error there.
    const response = context.switchToHttp().getResponse<object | undefined>();
    if (response) {
      for (const [name, value] of Object.entries(answer.headers)) {
        this.adapterHost.httpAdapter.setHeader(response, name, value);
      }
    }
    throw new HttpException(answer.body, answer.status);
  }

  /** A refusal: logged (never the token), answered through `onRefused`. */
  private refuse(
    error: unknown,
    context: ExecutionContext,
    route: GuardedRoute,
  ): never {
    if (!(error instanceof McpAuthError)) throw error;
    this.rejections.requestRefused(error);
    return this.onRefused(
      error,
      context,
      this.responses.forError(error, route.routeScopes),
    );
  }

  private checkScopes(owner: ResourceOwner, { needed }: GuardedRoute): void {
    if (needed.length > 0 && !this.scopes.satisfies(owner.scopes, needed))
      throw new InsufficientScopeError(needed, owner.scopes);
  }
}
