import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { ResourceOwner } from '@nest-mcp/auth';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MCP_SERVER_RESOLVED_OPTIONS } from '../mcp-server.constants.js';
import type { ResolvedMcpServerOptions } from '../mcp-server-options.interface.js';
import { canCall, ToolRegistry } from '../tool/tool-registry.js';
import { AuthBridge } from './auth-bridge.js';
import {
  calledToolNames,
  isInitialize,
  jsonRpcError,
} from './json-rpc-messages.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { SessionStore } from './session-store.js';

type McpRequest = IncomingMessage & { body?: unknown; auth?: AuthInfo };

/**
 * Serves the MCP endpoint with the SDK's Streamable HTTP transport: stateless by default (a fresh
 * server and transport per request), or stateful with sessions bound to their creator's identity.
 * Checks per-tool scopes before any tool runs and answers 403 `insufficient_scope` when they lack.
 */
@Injectable()
export class McpHttpHandler implements OnApplicationShutdown {
  private readonly sessions: SessionStore;

  constructor(
    @Inject(MCP_SERVER_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpServerOptions,
    private readonly registry: ToolRegistry,
    private readonly factory: McpServerFactory,
    private readonly bridge: AuthBridge,
  ) {
    this.sessions = new SessionStore(options.maxSessions);
  }

  /** `POST <path>`: JSON-RPC messages from the client. */
  async post(req: McpRequest, res: ServerResponse): Promise<void> {
    const owner = this.bridge.ownerOf(req);
    if (!this.scopesSuffice(req.body, owner, res)) return;
    this.bindAuth(req, owner);
    if (!this.options.stateful) return this.stateless(req, res, owner);
    const sessionId = header(req, 'mcp-session-id');
    if (sessionId === undefined && isInitialize(req.body))
      return this.openSession(req, res, owner);
    return this.inSession(req, res, owner, sessionId);
  }

  /** `GET <path>` (server-to-client stream) and `DELETE <path>` (end of session). */
  async getOrDelete(req: McpRequest, res: ServerResponse): Promise<void> {
    if (!this.options.stateful) {
      res.setHeader('Allow', 'POST');
      return send(
        res,
        405,
        jsonRpcError(-32000, 'Method not allowed: this server is stateless'),
      );
    }
    const owner = this.bridge.ownerOf(req);
    this.bindAuth(req, owner);
    return this.inSession(req, res, owner, header(req, 'mcp-session-id'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sessions.closeAll();
  }

  private async stateless(
    req: McpRequest,
    res: ServerResponse,
    owner?: ResourceOwner,
  ) {
    const tools = this.factory.create(owner?.scopes);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
    });
    res.on('close', () => {
      void transport.close();
      void tools.server.close();
    });
    await tools.server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  }

  private async openSession(
    req: McpRequest,
    res: ServerResponse,
    owner?: ResourceOwner,
  ) {
    if (!this.sessions.hasRoom()) {
      res.setHeader('Retry-After', '60');
      return send(
        res,
        503,
        jsonRpcError(-32000, 'Too many sessions; try again later'),
      );
    }
    const tools = this.factory.create(owner?.scopes);
    const identity = identityOf(owner);
    const transport: StreamableHTTPServerTransport =
      new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) =>
          this.sessions.add(id, { transport, tools, identity }),
      });
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.remove(transport.sessionId);
    };
    await tools.server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  }

  private async inSession(
    req: McpRequest,
    res: ServerResponse,
    owner: ResourceOwner | undefined,
    sessionId: string | undefined,
  ) {
    if (sessionId === undefined) {
      return send(
        res,
        400,
        jsonRpcError(-32000, 'Bad Request: Mcp-Session-Id header is required'),
      );
    }
    // A session answers only to the identity that created it (MCP 2025-06-18 Basic › Security Best Practices: session hijacking).
    const session = this.sessions.find(sessionId, identityOf(owner));
    if (!session)
      return send(res, 404, jsonRpcError(-32001, 'Session not found'));
    session.tools.showToolsFor(owner?.scopes);
    await session.transport.handleRequest(req, res, req.body);
  }

  /** MCP: scopes are checked per `tools/call` before the tool runs; a lack is an HTTP 403 challenge. */
  private scopesSuffice(
    body: unknown,
    owner: ResourceOwner | undefined,
    res: ServerResponse,
  ) {
    const granted = owner?.scopes ?? [];
    for (const name of calledToolNames(body)) {
      const tool = this.registry.get(name);
      if (!tool || canCall(tool, granted)) continue;
      const auth = this.bridge.auth;
      if (!auth) {
        send(
          res,
          403,
          jsonRpcError(
            -32001,
            'Forbidden: this tool needs an authenticated caller',
          ),
        );
        return false;
      }
      const answer = auth.responses.insufficientScope(
        [...new Set([...auth.options.requiredScopes, ...tool.scopes])],
        granted,
      );
      for (const [name, value] of Object.entries(answer.headers))
        res.setHeader(name, value);
      send(res, answer.status, answer.body);
      return false;
    }
    return true;
  }

  private bindAuth(req: McpRequest, owner: ResourceOwner | undefined): void {
    if (!owner) return;
    req.auth = this.bridge.authInfoOf(owner);
    McpServerFactory.bindRequest(req.auth, req);
  }
}

function identityOf(owner: ResourceOwner | undefined): string | undefined {
  return owner ? JSON.stringify([owner.issuer, owner.subject]) : undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(res: ServerResponse, status: number, body: object): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}
