import {
  Inject,
  Module,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import {
  ApplicationConfig,
  DiscoveryModule,
  HttpAdapterHost,
} from '@nestjs/core';
import {
  MCP_SERVER_PATH,
  MCP_SERVER_RESOLVED_OPTIONS,
} from './mcp-server.constants.js';
import {
  ConfigurableModuleClass,
  MCP_SERVER_OPTIONS,
} from './mcp-server.module-definition.js';
import type { McpServerOptions } from './mcp-server-options.interface.js';
import {
  type FastifyAdapterLike,
  installFastifyBodyChecks,
} from './platform/fastify-body-checks.js';
import { resolveMcpServerOptions } from './resolve-server-options.js';
import { bodyParseErrorHandler } from './security/body-parse-errors.js';
import { McpEndpointAuthGuard } from './security/endpoint-auth.guard.js';
import { McpEndpointMiddleware } from './security/endpoint-guard.middleware.js';
import { ItemScopeUses } from './item/item-scope-uses.js';
import { ItemScopes } from './item/item-scopes.js';
import { McpExplorer } from './item/mcp.explorer.js';
import { PromptRegistry } from './prompt/prompt-registry.js';
import {
  ResourceRegistry,
  ResourceTemplateRegistry,
} from './resource/resource-registries.js';
import { ResourceUpdates } from './resource/resource-updates.js';
import { ToolRegistry } from './tool/tool-registry.js';
import { AuthConnection } from './transport/auth-connection.js';
import { McpCallContext } from './transport/call-context.js';
import { ListenBus } from './transport/listen-bus.js';
import { inMemoryEventBusProvider } from './events/event-bus.provider.js';
import { MCP_EVENT_BUS } from './events/mcp-event-bus.js';
import { McpHttpHandler } from './transport/mcp-http.handler.js';
import { McpServerFactory } from './transport/mcp-server.factory.js';

/**
 * Serves the application's `@Tool()`, `@Resource()`, `@ResourceTemplate()` and `@Prompt()`
 * methods as an MCP server (Streamable HTTP, official SDK v2:
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
    ResourceRegistry,
    ResourceTemplateRegistry,
    PromptRegistry,
    McpExplorer,
    ItemScopeUses,
    ItemScopes,
    McpCallContext,
    AuthConnection,
    McpServerFactory,
    inMemoryEventBusProvider,
    ListenBus,
    ResourceUpdates,
    McpHttpHandler,
    McpEndpointAuthGuard,
    McpEndpointMiddleware,
  ],
  exports: [
    ResourceUpdates,
    MCP_EVENT_BUS,
    ToolRegistry,
    ResourceRegistry,
    ResourceTemplateRegistry,
    PromptRegistry,
  ],
})
export class McpServerModule
  extends ConfigurableModuleClass
  implements NestModule
{
  constructor(
    @Inject(MCP_SERVER_PATH) private readonly path: string,
    private readonly adapterHost: HttpAdapterHost,
    private readonly appConfig: ApplicationConfig,
  ) {
    super();
  }

  configure(consumer: MiddlewareConsumer): void {
    const adapter = this.adapterHost.httpAdapter;
    // After the application's body parser: a body it cannot take is a JSON-RPC parse error.
    if (adapter?.getType() === 'express')
      adapter.use(this.endpointPath(), bodyParseErrorHandler());
    // Fastify parses bodies after Nest middleware: the same checks as its hooks and error handler.
    if (adapter?.getType() === 'fastify')
      installFastifyBodyChecks(
        adapter as unknown as FastifyAdapterLike,
        this.endpointPath(),
      );
    consumer.apply(McpEndpointMiddleware).forRoutes(this.path);
  }

  /** The endpoint's path as requested, with the application's global prefix. */
  private endpointPath(): string {
    return `/${this.appConfig.getGlobalPrefix()}/${this.path}`.replace(
      /\/+/g,
      '/',
    );
  }
}
