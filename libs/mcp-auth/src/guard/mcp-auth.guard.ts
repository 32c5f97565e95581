import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { McpAuthRejectionLog } from '../diagnostics/rejection-log.service.js';
import { isSelfCheckProbe } from '../self-check/self-check-probe.js';
import {
  InsufficientScopeError,
  InvalidTokenError,
  McpAuthError,
} from '../errors/mcp-auth.errors.js';
import { DpopRequestCheck } from '../dpop/dpop-request-check.service.js';
import {
  MCP_AUTH_RESOLVED_OPTIONS,
  PUBLIC_METADATA,
  REQUIRED_SCOPES_METADATA,
  RESOURCE_ENDPOINT_METADATA,
} from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import { ScopePolicy } from '../scopes/scope-policy.js';
import { observeRawBodyProbe } from '../self-check/raw-body-check.js';
import type { ResourceOwner } from '../verifier/resource-owner.interface.js';
import { McpTokenVerifier } from '../verifier/token-verifier.service.js';
import {
  type AuthErrorResponse,
  McpAuthErrorResponses,
} from './auth-error-response.js';
import {
  authorizationCredentials,
  type RequestWithHeaders,
} from './bearer-token.js';
import {
  attachPresentedScheme,
  attachResourceOwner,
  getResourceOwner,
  presentedSchemeOf,
} from './request-owner.js';

/** What a guarded (not `@Public()`) route asks of its callers. */
interface GuardedRoute {
  /** The route's own `@RequireScopes()`, named in its challenges. */
  readonly routeScopes: readonly string[];
  /** Those plus the module's `requiredScopes`: every one must be granted. */
  readonly needed: readonly string[];
  /** `@ResourceEndpoint()`: DPoP proofs name the configured resource URL. */
  readonly resourceEndpoint: boolean;
}

type GuardedRequest = RequestWithHeaders & object;

/** Marks a `@Public()` route in the guard's route cache. */
const PUBLIC_ROUTE = Symbol('public route');

/**
 * Requires a valid access token (and the scopes of `@RequireScopes()` plus `requiredScopes`) on
 * every route it guards, except `@Public()` ones: a bearer token (RFC 6750), or a DPoP-bound one
 * with its proof (RFC 9449), as the DPoP mode allows. Answers 400/401/403/503 with RFC 6750 and
 * RFC 9449 challenges.
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
    private readonly dpop: DpopRequestCheck,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const route = this.routeOf(context);
    if (route === PUBLIC_ROUTE) return true;
    const request = this.getRequest(context);
    observeRawBodyProbe(request);
    try {
      // Verified earlier in this request (the endpoint, then its tools): proof included.
      const known = getResourceOwner(request);
      if (known) {
        this.checkScopes(known, route);
        return true;
      }
      const token = this.extractToken(request);
      // A token verified in an earlier request is answered without a promise; its presentation
      // (scheme, DPoP proof) is checked on every request all the same.
      const result = this.verifier.ownerOf(token);
      if (result instanceof Promise)
        return this.authenticate(request, token, result, context, route);
      return this.admit(request, token, result, context, route);
    } catch (error) {
      return this.refuse(error, context, route, request);
    }
  }

  /** The full verification's outcome (signature, claims, maybe a JWKS fetch), then the rest. */
  private async authenticate(
    request: GuardedRequest,
    token: string,
    verification: Promise<ResourceOwner>,
    context: ExecutionContext,
    route: GuardedRoute,
  ): Promise<boolean> {
    let owner: ResourceOwner;
    try {
      try {
        owner = await verification;
      } catch (error) {
        if (error instanceof InvalidTokenError)
          this.rejections.tokenRefused(error, token);
        throw error;
      }
    } catch (error) {
      return this.refuse(error, context, route, request);
    }
    return this.admit(request, token, owner, context, route);
  }

  /**
   * A verified token: its presentation (RFC 9449 §7.1, §7.2: the scheme, a bound token's proof),
   * then the scopes. Synchronous for a bearer token.
   */
  private admit(
    request: GuardedRequest,
    token: string,
    owner: ResourceOwner,
    context: ExecutionContext,
    route: GuardedRoute,
  ): boolean | Promise<boolean> {
    try {
      const proof = this.dpop.check(
        request,
        presentedSchemeOf(request),
        token,
        owner,
        route.resourceEndpoint,
      );
      if (proof) {
        return proof.then(
          () => this.accept(request, owner, context, route),
          (error: unknown) => this.refuse(error, context, route, request),
        );
      }
      return this.accept(request, owner, context, route);
    } catch (error) {
      return this.refuse(error, context, route, request);
    }
  }

  private accept(
    request: GuardedRequest,
    owner: ResourceOwner,
    context: ExecutionContext,
    route: GuardedRoute,
  ): boolean {
    try {
      attachResourceOwner(request, owner);
      this.offerFreshNonce(request, context);
      this.checkScopes(owner, route);
      return true;
    } catch (error) {
      return this.refuse(error, context, route, request);
    }
  }

  /** RFC 9449 §8.2, §9: an accepted DPoP request gets the current nonce (nonces on). */
  private offerFreshNonce(request: object, context: ExecutionContext): void {
    const nonces = this.dpop.nonces;
    if (!nonces || presentedSchemeOf(request) !== 'DPoP') return;
    const response = context.switchToHttp().getResponse<object | undefined>();
    if (response) {
      this.adapterHost.httpAdapter.setHeader(
        response,
        'DPoP-Nonce',
        nonces.current(),
      );
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
      resourceEndpoint:
        this.reflector.getAllAndOverride<boolean>(
          RESOURCE_ENDPOINT_METADATA,
          targets,
        ) === true,
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
   * The access token of `request`: from the `Authorization` header only, with the `Bearer`
   * (RFC 6750 §2.1) or, when DPoP is not off, the `DPoP` scheme (RFC 9449 §7.1). Throws
   * `MissingCredentialsError` or `InvalidRequestError`; an override must keep those semantics. A
   * token an override finds elsewhere counts as a bearer token (a DPoP-bound one is refused).
   */
  protected extractToken(request: RequestWithHeaders & object): string {
    const { scheme, token } = authorizationCredentials(
      request,
      this.dpop.policy.acceptsBearer,
      this.dpop.policy.acceptsDpop,
    );
    attachPresentedScheme(request, scheme);
    return token;
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
    request: object,
  ): never {
    if (!(error instanceof McpAuthError)) throw error;
    if (!isSelfCheckProbe(request)) this.rejections.requestRefused(error);
    return this.onRefused(
      error,
      context,
      this.responses.forError(
        error,
        route.routeScopes,
        presentedSchemeOf(request),
      ),
    );
  }

  private checkScopes(owner: ResourceOwner, { needed }: GuardedRoute): void {
    if (needed.length > 0 && !this.scopes.satisfies(owner.scopes, needed))
      throw new InsufficientScopeError(needed, owner.scopes);
  }
}
