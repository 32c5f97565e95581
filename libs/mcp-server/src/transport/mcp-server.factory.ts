import { Inject, Injectable } from '@nestjs/common';
import {
  McpServer,
  type RegisteredTool,
} from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { z } from 'zod';
import { MCP_SERVER_RESOLVED_OPTIONS } from '../mcp-server.constants.js';
import type { ResolvedMcpServerOptions } from '../mcp-server-options.interface.js';
import type { ToolCall } from '../tool/tool-call.js';
import {
  canCall,
  ToolRegistry,
  type ToolDefinition,
} from '../tool/tool-registry.js';
import { toToolError, toToolResult } from '../tool/tool-result.js';
import { LazySchemaValidator } from './lazy-schema-validator.js';

const EMPTY_INPUT = z.object({});
/** On each `AuthInfo` made for a request: that request, so tools get it back (see `bindRequest`). */
const REQUEST = Symbol('request');
type BoundAuthInfo = AuthInfo & { [REQUEST]?: object };

/** An SDK `McpServer` with every tool registered, and a way to show only those a caller may use. */
export interface ToolServer {
  readonly server: McpServer;
  /** Enables the tools `scopes` can call and disables the others (`hideUnauthorizedTools`). */
  showToolsFor(scopes: readonly string[] | undefined): void;
}

/** Builds SDK servers whose tools run through Nest (see `ToolExplorer`). */
@Injectable()
export class McpServerFactory {
  constructor(
    private readonly registry: ToolRegistry,
    @Inject(MCP_SERVER_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpServerOptions,
  ) {}

  /** Remembers which HTTP request an `AuthInfo` belongs to. */
  static bindRequest(authInfo: AuthInfo, request: object): void {
    (authInfo as BoundAuthInfo)[REQUEST] = request;
  }

  /** A new server holding all tools; `scopes` (when hiding) decides which are visible at first. */
  create(scopes: readonly string[] | undefined): ToolServer {
    const server = new McpServer(
      { name: this.options.name, version: this.options.version },
      {
        instructions: this.options.instructions,
        capabilities: { tools: { listChanged: true } },
        jsonSchemaValidator: new LazySchemaValidator(),
      },
    );
    const registered = new Map<ToolDefinition, RegisteredTool>();
    for (const tool of this.registry.all()) {
      registered.set(tool, this.register(server, tool));
    }
    const showToolsFor = (granted: readonly string[] | undefined) => {
      if (!this.options.hideUnauthorizedTools) return;
      for (const [tool, handle] of registered) {
        const visible = canCall(tool, granted ?? []);
        if (handle.enabled !== visible) {
          if (visible) handle.enable();
          else handle.disable();
        }
      }
    };
    showToolsFor(scopes);
    return { server, showToolsFor };
  }

  private register(server: McpServer, tool: ToolDefinition): RegisteredTool {
    const { options } = tool;
    return server.registerTool(
      tool.name,
      {
        title: options.title,
        description: options.description,
        inputSchema: options.input ?? EMPTY_INPUT,
        outputSchema: options.output,
        annotations: options.annotations,
      },
      async (input: Record<string, unknown>, extra: ToolCall['extra']) => {
        const request =
          (extra.authInfo as BoundAuthInfo | undefined)?.[REQUEST] ??
          ({ headers: extra.requestInfo?.headers ?? {} } as object);
        try {
          return toToolResult(
            await tool.invoke(request, { name: tool.name, input, extra }),
          );
        } catch (error) {
          return toToolError(tool.name, error);
        }
      },
    );
  }
}
