import { isLegacyRequest, type AuthInfo } from '@modelcontextprotocol/server';
import {
  NodeStreamableHTTPServerTransport,
  toWebRequest,
} from '@modelcontextprotocol/node';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SERVER_DEFAULTS } from '../mcp-server.constants.js';
import type { ResolvedMcpServerOptions } from '../mcp-server-options.interface.js';
import { jsonRpcError, writeJson } from './http-answer.js';
import type { McpCall } from './mcp-call.js';
import type { McpServerFactory } from './mcp-server.factory.js';
import type { ResourceUpdates } from '../resource/resource-updates.js';
import { identityOf } from './owner-identity.js';
import { SessionEventStore } from './session-event-store.js';
import { SessionIdle } from './session-idle.js';
import { sessionIdGenerator } from './session-ids.js';
import { SessionStore } from './session-store.js';

type McpRequest = IncomingMessage & { body?: unknown; auth?: AuthInfo };

/**
 * `stateful` mode: 2025-era exchanges in `Mcp-Session-Id` sessions (SDK v2's Node Streamable
 * HTTP transport), each bound to the issuer + subject that opened it. 2026-07-28 has no sessions:
 * its requests never come here (`claims` is SDK v2's own `isLegacyRequest`).
 */
export class LegacySessions {
  private readonly store: SessionStore;
  private readonly maxBodyBytes: number;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly options: ResolvedMcpServerOptions,
    private readonly callOf: (
      authInfo: AuthInfo | undefined,
    ) => McpCall | undefined,
    /** Given with `resourceSubscriptions`: serves subscriptions on every session. */
    private readonly subscriptions?: ResourceUpdates,
  ) {
    this.store = new SessionStore(
      options.maxSessions,
      options.maxSessionsPerIdentity,
    );
    this.maxBodyBytes = options.maxBodyBytes;
  }

  /** True when SDK v2 would serve `req` as a 2025-era request. */
  async claims(req: McpRequest): Promise<boolean> {
    const request = await toWebRequest(req, req.body, {
      maxRequestBodySize: this.maxBodyBytes,
    });
    return isLegacyRequest(request, req.body, {
      maxRequestBodySize: this.maxBodyBytes,
    });
  }

  /** Opens a session (a 2025 `initialize`), or serves a request of one (POST, GET, DELETE). */
  async handle(req: McpRequest, res: ServerResponse, call: McpCall) {
    const sessionId = header(req, 'mcp-session-id');
    if (sessionId === undefined && req.method === 'POST' && isInitialize(req))
      return this.open(req, res, call);
    if (sessionId === undefined) {
      return writeJson(
        res,
        400,
        jsonRpcError(-32000, 'Bad Request: Mcp-Session-Id header is required'),
      );
    }
    // A session answers only to the identity that created it (MCP 2025-11-25 "Session Hijacking").
    // An id this replica does not hold (unknown, closed, or another replica's whose process is
    // gone) is a 404: the client starts a new session (MCP 2025-11-25 "Session Management").
    const session = this.store.find(sessionId, identityOf(call.owner));
    if (!session)
      return writeJson(res, 404, jsonRpcError(-32001, 'Session not found'));
    session.idle.during(res);
    session.items.showFor(call.owner?.scopes);
    await session.transport.handleRequest(req, res, req.body);
  }

  /** Closes every session (application shutdown). */
  closeAll(): Promise<void> {
    return this.store.closeAll();
  }

  private async open(req: McpRequest, res: ServerResponse, call: McpCall) {
    const identity = identityOf(call.owner);
    const release = this.store.reserve(identity);
    if (release === 'server-full') {
      return writeJson(
        res,
        503,
        jsonRpcError(-32000, 'Too many sessions; try again later'),
        { 'Retry-After': '60' },
      );
    }
    if (release === 'identity-full') {
      return writeJson(
        res,
        429,
        jsonRpcError(
          -32000,
          `Too many open sessions for this identity (limit ${this.options.maxSessionsPerIdentity}); end one with DELETE or let it go idle`,
        ),
        { 'Retry-After': '60' },
      );
    }
    try {
      await this.serveInitialize(req, res, call, identity);
    } finally {
      release();
    }
  }

  private async serveInitialize(
    req: McpRequest,
    res: ServerResponse,
    call: McpCall,
    identity: string | undefined,
  ) {
    const items = this.factory.forSession(
      (ctx) => this.callOf(ctx.http?.authInfo) ?? call,
    );
    items.showFor(call.owner?.scopes);
    const idle = new SessionIdle(
      this.options.sessionIdleTimeoutSeconds * 1000,
      () => void transport.close(),
    );
    const transport: NodeStreamableHTTPServerTransport =
      new NodeStreamableHTTPServerTransport({
        // `<replicaId>.<uuid>`: the proxy routes the session's requests back to this replica.
        sessionIdGenerator: sessionIdGenerator(this.options.replicaId),
        // Resumability: one event store per session, so no session replays another's events.
        ...(this.options.resumableStreams && {
          eventStore: new SessionEventStore(
            SERVER_DEFAULTS.resumableEventsPerSession,
            this.options.maxEventBytesPerSession,
          ),
          retryInterval: this.options.sseRetryMs,
        }),
        onsessioninitialized: (id) =>
          this.store.add(id, { transport, items, identity, idle }),
      });
    const unsubscribeAll = this.subscriptions?.attach(items.server, call.owner);
    transport.onclose = () => {
      idle.stop();
      unsubscribeAll?.();
      if (transport.sessionId) this.store.remove(transport.sessionId);
    };
    idle.during(res);
    await items.server.connect(transport);
    await transport.handleRequest(req, res, req.body);
    // An `initialize` that opened no session leaves nothing behind.
    if (!transport.sessionId) idle.stop();
  }
}

function isInitialize(req: McpRequest): boolean {
  const messages = Array.isArray(req.body) ? req.body : [req.body];
  return messages.some(
    (message) =>
      (message as { method?: unknown } | null)?.method === 'initialize',
  );
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
