import { Inject, Injectable } from '@nestjs/common';
import {
  McpServer,
  type RegisteredTool,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { MCP_SERVER_RESOLVED_OPTIONS } from '../mcp-server.constants.js';
import type { ResolvedMcpServerOptions } from '../mcp-server-options.interface.js';
import { ToolRegistry, type ToolDefinition } from '../tool/tool-registry.js';
import { toToolError, toToolResult } from '../tool/tool-result.js';
import { AuthConnection } from './auth-connection.js';
import type { McpCall } from './mcp-call.js';

/** Which call a tool handler serves: fixed for a one-request server, looked up per request in a session. */
export type CallOf = (ctx: ServerContext) => McpCall;

/** An SDK `McpServer` with the application's tools, and a way to show only those a caller may use. */
export interface ToolServer {
  readonly server: McpServer;
  /** Enables the tools `scopes` can call and disables the others (`hideUnauthorizedTools`). */
  showToolsFor(scopes: readonly string[] | undefined): void;
}

/** Builds SDK v2 servers whose tools run through Nest (see `ToolExplorer`). */
@Injectable()
export class McpServerFactory {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly auth: AuthConnection,
    @Inject(MCP_SERVER_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpServerOptions,
  ) {}

  /**
   * A server for one request: only the tools `call`'s scopes may use when hiding (so `tools/list`
   * shows exactly those, in name order), every tool otherwise. Its handlers close over `call`.
   */
  forCall(call: McpCall): McpServer {
    const server = this.newServer();
    const granted = call.owner?.scopes;
    const callOf = () => call;
    for (const tool of this.registry.all()) {
      if (this.visible(tool, granted)) this.register(server, tool, callOf);
    }
    return server;
  }

  /** A long-lived server (a 2025 session): every tool, shown per request with `showToolsFor`. */
  forSession(callOf: CallOf): ToolServer {
    const server = this.newServer();
    const registered = new Map<ToolDefinition, RegisteredTool>();
    for (const tool of this.registry.all()) {
      registered.set(tool, this.register(server, tool, callOf));
    }
    const showToolsFor = (granted: readonly string[] | undefined) => {
      for (const [tool, handle] of registered) {
        const visible = this.visible(tool, granted);
        if (handle.enabled !== visible) {
          if (visible) handle.enable();
          else handle.disable();
        }
      }
    };
    return { server, showToolsFor };
  }

  /** True when `tool` is listed for a caller granted `granted` (`hideUnauthorizedTools`). */
  private visible(
    tool: ToolDefinition,
    granted: readonly string[] | undefined,
  ): boolean {
    if (!this.options.hideUnauthorizedTools || tool.scopes.length === 0)
      return true;
    const port = this.auth.port;
    return port ? port.satisfies(granted ?? [], tool.scopes) : true;
  }

  private newServer(): McpServer {
    return new McpServer(
      { name: this.options.name, version: this.options.version },
      {
        instructions: this.options.instructions,
        // Lets tools' `ctx.mcpReq.log()` reach the client (the SDK drops it without the capability).
        capabilities: this.options.logging ? { logging: {} } : undefined,
        // The list depends on the caller's token: only that client may cache it (MCP 2026-07-28).
        cacheHints: { 'tools/list': { ttlMs: 0, cacheScope: 'private' } },
      },
    );
  }

  private register(
    server: McpServer,
    tool: ToolDefinition,
    callOf: CallOf,
  ): RegisteredTool {
    const { options } = tool;
    return server.registerTool(
      tool.name,
      {
        title: options.title,
        description: options.description,
        inputSchema: tool.inputSchema,
        outputSchema: tool.outputSchema,
        annotations: options.annotations,
      },
      async (input: Record<string, unknown>, extra: ServerContext) => {
        try {
          return toToolResult(
            await tool.invoke(callOf(extra).request, {
              name: tool.name,
              input,
              extra,
            }),
          );
        } catch (error) {
          return toToolError(tool.name, error);
        }
      },
    );
  }
}
