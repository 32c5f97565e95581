import {
  Inject,
  Module,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import { assertExpressAdapter } from './express-only.js';
import {
  MCP_SERVER_PATH,
  MCP_SERVER_RESOLVED_OPTIONS,
} from './mcp-server.constants.js';
import {
  ConfigurableModuleClass,
  MCP_SERVER_OPTIONS,
} from './mcp-server.module-definition.js';
import type { McpServerOptions } from './mcp-server-options.interface.js';
import { resolveMcpServerOptions } from './resolve-server-options.js';
import { McpEndpointAuthGuard } from './security/endpoint-auth.guard.js';
import { McpEndpointMiddleware } from './security/endpoint-guard.middleware.js';
import { ToolExplorer } from './tool/tool.explorer.js';
import { ToolRegistry } from './tool/tool-registry.js';
import { ToolScopeUses } from './tool/tool-scope-uses.js';
import { AuthConnection } from './transport/auth-connection.js';
import { McpHttpHandler } from './transport/mcp-http.handler.js';
import { McpServerFactory } from './transport/mcp-server.factory.js';

/**
 * Serves the application's `@Tool()` methods as an MCP server (Streamable HTTP, official SDK v2:
 * MCP 2026-07-28 and the 2025 era side by side) at `path` (default `/mcp`), protected by
 * `McpAuthModule`.
 *
 * @publicApi
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: MCP_SERVER_RESOLVED_OPTIONS,
      inject: [MCP_SERVER_OPTIONS],
      useFactory: (options: McpServerOptions) =>
        resolveMcpServerOptions(options),
    },
    ToolRegistry,
    ToolExplorer,
    ToolScopeUses,
    AuthConnection,
    McpServerFactory,
    McpHttpHandler,
    McpEndpointAuthGuard,
    McpEndpointMiddleware,
  ],
  exports: [ToolRegistry],
})
export class McpServerModule
  extends ConfigurableModuleClass
  implements NestModule
{
  constructor(
    @Inject(MCP_SERVER_PATH) private readonly path: string,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    super();
  }

  configure(consumer: MiddlewareConsumer): void {
    assertExpressAdapter(this.adapterHost.httpAdapter?.getType());
    consumer.apply(McpEndpointMiddleware).forRoutes(this.path);
  }
}
