import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnModuleInit,
} from '@nestjs/common';
import {
  type AuthInfo,
  createMcpHandler,
  isLegacyRequest,
  type McpHandlerRequestOptions,
  type McpRequestContext,
  type McpHttpHandler as SdkHttpHandler,
} from '@modelcontextprotocol/server';
import {
  type NodeMcpRequestHandler,
  toNodeHandler,
  type ToNodeHandlerOptions,
} from '@modelcontextprotocol/node';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MCP_SERVER_RESOLVED_OPTIONS } from '../mcp-server.constants.js';
import type { ResolvedMcpServerOptions } from '../mcp-server-options.interface.js';
import { ItemScopes } from '../item/item-scopes.js';
import { ResourceUpdates } from '../resource/resource-updates.js';
import { AuthConnection } from './auth-connection.js';
import { McpCallContext } from './call-context.js';
import { jsonRpcError, writeJson } from './http-answer.js';
import { usedItems } from './json-rpc-messages.js';
import { authInfoOf, type McpCall } from './mcp-call.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { LegacySessions } from './legacy-sessions.js';
import { ListenBus } from './listen-bus.js';
import { isListenRequest, ListenLimits } from './listen-limits.js';
import { identityOf } from './owner-identity.js';
import { endWithToken } from './stream-expiry.js';
import { boundStreamOutput } from './stream-output-bound.js';
import { answerAsJson, streamsNothing } from './legacy-json-exchange.js';

type McpRequest = IncomingMessage & { body?: unknown; auth?: AuthInfo };

const logger = new Logger('McpServer');

/**
 * Serves the MCP endpoint through SDK v2's `createMcpHandler`: MCP 2026-07-28 (`server/discover`,
 * per-request `_meta`, `Mcp-Method`/`Mcp-Name` checks) and the 2025 era (stateless, or in
 * identity-bound sessions with `stateful`) from one factory over the registries. Checks the
 * scopes of each tool, resource and prompt a request uses before any handler runs and answers 403
 * `insufficient_scope` when they lack.
 */
@Injectable()
export class McpHttpHandler implements OnModuleInit, BeforeApplicationShutdown {
  /** The calls being served, by the `AuthInfo` the SDK hands back to the factory. */
  private readonly calls = new Map<AuthInfo, McpCall>();
  /** The call of each web `Request` handed to the SDK (which hands it back to the factory). */
  private readonly requests = new WeakMap<Request, McpCall>();
  private sdk!: SdkHttpHandler;
  private serve!: NodeMcpRequestHandler;
  private nodeOptions!: ToNodeHandlerOptions;
  private onerror!: (error: Error) => void;
  private resource: URL | undefined;
  private sessions: LegacySessions | undefined;
  private listenLimits!: ListenLimits;

  constructor(
    @Inject(MCP_SERVER_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpServerOptions,
    private readonly scopes: ItemScopes,
    private readonly factory: McpServerFactory,
    private readonly auth: AuthConnection,
    private readonly callContext: McpCallContext,
    private readonly updates: ResourceUpdates,
    private readonly listenBus: ListenBus,
  ) {}

  onModuleInit(): void {
    const port = this.auth.port;
    this.resource = port ? new URL(port.resource) : undefined;
    const onerror = (error: Error) =>
      logger.debug(`MCP exchange refused or failed: ${error.name}`);
    this.sdk = createMcpHandler((context) => this.serverFor(context), {
      // In stateful mode 2025-era requests go to the sessions, never to a stateless fallback.
      legacy: this.options.stateful ? 'reject' : 'stateless',
      maxRequestBodySize: this.options.maxBodyBytes,
      onerror,
      bus: this.listenBus,
      maxSubscriptions: this.options.maxListenStreams,
    });
    this.listenLimits = new ListenLimits(this.options);
    this.onerror = onerror;
    this.nodeOptions = {
      maxRequestBodySize: this.options.maxBodyBytes,
      onerror,
    };
    this.serve = toNodeHandler(this.sdk, this.nodeOptions);
    if (this.options.stateful) {
      this.sessions = new LegacySessions(
        this.factory,
        this.options,
        (authInfo) => (authInfo ? this.calls.get(authInfo) : undefined),
        this.options.resourceSubscriptions ? this.updates : undefined,
      );
    }
  }

  /**
   * `POST <path>`: one JSON-RPC exchange (or a 2025 batch). `req` and `res` are Node's; `request`
   * is what the platform handed the route (Express: `req` itself; Fastify: its `FastifyRequest`).
   */
  async post(
    req: McpRequest,
    res: ServerResponse,
    request: object = req,
  ): Promise<void> {
    const call = this.callOf(request);
    // A listen stream's bounds come first: a refused one costs no scope check per URI.
    const listen = isListenRequest(req.body) ? req.body : undefined;
    if (listen) {
      const refusal = this.listenLimits.admit(
        listen,
        identityOf(call.owner),
        res,
      );
      if (refusal) return writeJson(res, 200, refusal);
    }
    if (!this.scopesSuffice(req.body, call, res)) return;
    this.endWithToken(res, call);
    this.boundOutput(res, call);
    if (listen) {
      return this.within(call, req, () =>
        this.listenBus.within(call.owner, () => this.serve(req, res, req.body)),
      );
    }
    if (this.sessions && (await this.sessions.claims(req)))
      return this.within(call, req, () =>
        this.sessions!.handle(req, res, call),
      );
    return this.within(call, req, () => this.exchange(call, req, res));
  }

  /** `GET <path>` and `DELETE <path>`: 2025 session operations (405 when stateless). */
  async getOrDelete(
    req: McpRequest,
    res: ServerResponse,
    request: object = req,
  ): Promise<void> {
    const call = this.callOf(request);
    this.endWithToken(res, call);
    this.boundOutput(res, call);
    if (this.sessions)
      return this.within(call, req, () =>
        this.sessions!.handle(req, res, call),
      );
    return this.serve(req, res);
  }

  /**
   * Ends the open streams (2026-07-28 `subscriptions/listen`, 2025 session streams) before Nest
   * closes the HTTP server, which waits for every open response: after it would be too late.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.sessions?.closeAll();
    await this.sdk?.close();
  }

  /** Ends `res` when the token of `call` expires (long-lived answers: SSE streams). */
  private endWithToken(res: ServerResponse, call: McpCall): void {
    const port = this.auth.port;
    if (port && call.owner)
      endWithToken(res, call.owner.expiresAt, port.clockToleranceSeconds);
  }

  /**
   * Bounds what an SSE answer on `res` holds for a client that stops reading it
   * (`streamSendTimeoutMs`, `maxStreamBufferBytes`); a cut stream is logged once, with its identity.
   */
  private boundOutput(res: ServerResponse, call: McpCall): void {
    const { owner } = call;
    boundStreamOutput(
      res,
      {
        sendTimeoutMs: this.options.streamSendTimeoutMs,
        maxBufferBytes: this.options.maxStreamBufferBytes,
      },
      (reason, waitingBytes) => {
        const who = owner
          ? `issuer ${JSON.stringify(owner.issuer)}, subject ${JSON.stringify(owner.subject)}`
          : 'an unauthenticated caller';
        const why =
          reason === 'send-timeout'
            ? `its client took none of its output for ${this.options.streamSendTimeoutMs} ms (streamSendTimeoutMs)`
            : `more than ${this.options.maxStreamBufferBytes} bytes waited for its client (maxStreamBufferBytes)`;
        logger.warn(
          `Ended an SSE stream of ${who}: ${why}; ${waitingBytes} bytes dropped`,
        );
      },
    );
  }

  /** The one context of this call: request, owner (authenticated once, by the guard), `AuthInfo`. */
  private callOf(request: object): McpCall {
    const port = this.auth.port;
    const owner = port?.ownerOf(request);
    const authInfo =
      owner && port && this.resource
        ? authInfoOf(owner, this.resource, port.metadataUrl)
        : undefined;
    return { request, owner, authInfo };
  }

  /**
   * Runs `serve` as the current call (`McpCallContext`), with `call` findable from its `AuthInfo`
   * (what the SDK passes to the factory, read from the Node request `req`).
   */
  private async within(
    call: McpCall,
    req: McpRequest,
    serve: () => Promise<void>,
  ) {
    const { authInfo } = call;
    if (!authInfo) return this.callContext.run(call, serve);
    req.auth = authInfo;
    this.calls.set(authInfo, call);
    try {
      await this.callContext.run(call, serve);
    } finally {
      this.calls.delete(authInfo);
    }
  }

  /**
   * One POST through the SDK, its web `Request` bound to `call` (so the factory builds a server
   * for exactly what the body asks). A stateless 2025-era exchange that `streamsNothing` is
   * answered as one JSON body; everything else as `createMcpHandler` answers it (2026-07-28:
   * JSON unless the handler sends something first, `responseMode: 'auto'`).
   */
  private exchange(call: McpCall, req: McpRequest, res: ServerResponse) {
    const fetch = async (
      request: Request,
      options: McpHandlerRequestOptions = {},
    ): Promise<Response> => {
      this.requests.set(request, call);
      if (
        !this.options.stateful &&
        streamsNothing(req.body, this.options.logging) &&
        (await isLegacyRequest(request, req.body, this.nodeOptions))
      ) {
        const server = this.factory.forCall(call, req.body);
        return answerAsJson(
          server,
          request,
          options,
          this.options.maxBodyBytes,
          this.onerror,
        );
      }
      return this.sdk.fetch(request, options);
    };
    return toNodeHandler({ fetch }, this.nodeOptions)(req, res, req.body);
  }

  private serverFor(context: McpRequestContext) {
    const bound = context.requestInfo
      ? this.requests.get(context.requestInfo)
      : undefined;
    const call =
      bound ??
      (context.authInfo ? this.calls.get(context.authInfo) : undefined) ??
      anonymousCall(context);
    const server = this.factory.forCall(call, bound && bodyOf(call));
    // MCP 2026-07-28: listen streams ask for `resourceSubscriptions` (2025 sessions: `attach`).
    if (this.options.resourceSubscriptions && context.era === 'modern')
      server.server.registerCapabilities({ resources: { subscribe: true } });
    return server;
  }

  /**
   * MCP: scopes are checked per `tools/call`, `resources/read`, `prompts/get` and
   * `completion/complete` before any handler runs; a lack is an HTTP 403 challenge.
   */
  private scopesSuffice(body: unknown, call: McpCall, res: ServerResponse) {
    const granted = call.owner?.scopes ?? [];
    for (const use of usedItems(body)) {
      const needed = this.scopes.neededFor(use);
      if (needed.length === 0) continue;
      const port = this.auth.port;
      if (!port) {
        writeJson(
          res,
          403,
          jsonRpcError(
            -32001,
            `Forbidden: this ${use.kind} needs an authenticated caller`,
          ),
        );
        return false;
      }
      if (port.satisfies(granted, needed)) continue;
      const answer = port.insufficientScope(needed, granted, call.request);
      writeJson(res, answer.status, answer.body, answer.headers);
      return false;
    }
    return true;
  }
}

/** The parsed POST body of `call`'s request (what the factory builds a server for). */
function bodyOf(call: McpCall): unknown {
  return (call.request as McpRequest).body;
}

/** A call on a server without `McpAuthModule`: tools see the request headers only. */
function anonymousCall(context: McpRequestContext): McpCall {
  const headers: Record<string, string> = {};
  context.requestInfo?.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { request: { headers }, owner: undefined, authInfo: undefined };
}
