import { ConfigurableModuleBuilder } from '@nestjs/common';
import { McpServerConfigError } from './mcp-server.errors.js';
import { MCP_SERVER_PATH, SERVER_DEFAULTS } from './mcp-server.constants.js';
import type { McpServerOptions } from './mcp-server-options.interface.js';
import { createMcpEndpointController } from './transport/mcp-endpoint.controller.js';
import {
  eventBusProvider,
  type McpEventBusSpec,
} from './events/event-bus.provider.js';

/** Module-level settings given next to the options in `forRoot()` / `forRootAsync()`. */
export interface McpServerModuleExtras {
  /** Path of the MCP endpoint. Default `/mcp`. */
  path?: string;
  /**
   * The bus of change events (resource updates, list changes) shared by replicas, e.g.
   * `@nest-mcp/redis`'s `redisEventBus`; default this process only (SDK v2's in-memory bus).
   */
  eventBus?: McpEventBusSpec;
}

/** `ConfigurableModuleClass` of `McpServerModule`; `MCP_SERVER_OPTIONS` is the token of the raw options. */
export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: MCP_SERVER_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<McpServerOptions>({ moduleName: 'McpServer' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMcpServerOptions')
  .setExtras<McpServerModuleExtras>(
    // Every extra is named here, so that none reaches the options.
    { path: SERVER_DEFAULTS.path, eventBus: undefined },
    (definition, extras) => {
      const path = extras.path ?? SERVER_DEFAULTS.path;
      if (typeof path !== 'string' || !/^\/[A-Za-z0-9/_.~-]*$/.test(path)) {
        throw new McpServerConfigError(
          'path',
          `"${String(path)}" must be an absolute path such as /mcp`,
        );
      }
      return {
        ...definition,
        controllers: [
          ...(definition.controllers ?? []),
          createMcpEndpointController(path),
        ],
        providers: [
          ...(definition.providers ?? []),
          { provide: MCP_SERVER_PATH, useValue: path },
          ...(extras.eventBus ? [eventBusProvider(extras.eventBus)] : []),
        ],
      };
    },
  )
  .build();

/** Argument of `McpServerModule.forRoot()`: the options plus `path`. */
export type McpServerModuleOptions = typeof OPTIONS_TYPE;

/** Argument of `McpServerModule.forRootAsync()`. */
export type McpServerModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;

/** What a `useClass` / `useExisting` options factory implements. */
export interface McpServerOptionsFactory {
  createMcpServerOptions(): McpServerOptions | Promise<McpServerOptions>;
}
