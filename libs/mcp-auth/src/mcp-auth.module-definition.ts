import { ConfigurableModuleBuilder, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  dpopReplayStoreProvider,
  type DpopReplayStoreSpec,
} from './dpop/dpop-replay-store.provider.js';
import { McpAuthGuard } from './guard/mcp-auth.guard.js';
import {
  MCP_AUTH_METADATA_ROUTES,
  MCP_AUTH_RESOLVED_OPTIONS,
} from './mcp-auth.constants.js';
import type {
  McpAuthOptions,
  ResolvedMcpAuthOptions,
} from './mcp-auth-options.interface.js';
import {
  createMetadataController,
  routeMetadataController,
} from './well-known/protected-resource-metadata.controller.js';

/** Module-level settings given next to the options in `forRoot()` / `forRootAsync()`. */
export interface McpAuthModuleExtras {
  /** Register the module globally so any module can use its guard and verifier. Default true. */
  isGlobal?: boolean;
  /** Register `McpAuthGuard` as a global guard (`APP_GUARD`); opt routes out with `@Public()`. Default true. */
  globalGuard?: boolean;
  /**
   * The DPoP replay store shared by replicas (RFC 9449 §11.1), e.g. `@nest-mcp/redis`'s; default
   * an `InMemoryDpopReplayStore` in this process.
   */
  dpopReplayStore?: DpopReplayStoreSpec;
}

/** `ConfigurableModuleClass` of `McpAuthModule`; `MCP_AUTH_OPTIONS` is the token of the raw options. */
export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: MCP_AUTH_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<McpAuthOptions>({ moduleName: 'McpAuth' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMcpAuthOptions')
  .setExtras<McpAuthModuleExtras>(
    // Every extra is named here, so that none reaches the options (see `omitExtras`).
    { isGlobal: true, globalGuard: true, dpopReplayStore: undefined },
    (definition, extras) => {
      // One metadata controller per registration, routed at its own resolved paths.
      const metadata = createMetadataController();
      const providers: Provider[] = [
        ...(definition.providers ?? []),
        {
          provide: MCP_AUTH_METADATA_ROUTES,
          inject: [MCP_AUTH_RESOLVED_OPTIONS],
          useFactory: ({ metadataPaths }: ResolvedMcpAuthOptions) => {
            routeMetadataController(metadata, metadataPaths);
            return metadataPaths;
          },
        },
      ];
      if (extras.globalGuard !== false) {
        providers.push({ provide: APP_GUARD, useExisting: McpAuthGuard });
      }
      if (extras.dpopReplayStore) {
        providers.push(dpopReplayStoreProvider(extras.dpopReplayStore));
      }
      return {
        ...definition,
        global: extras.isGlobal !== false,
        controllers: [...(definition.controllers ?? []), metadata],
        providers,
      };
    },
  )
  .build();

/** Argument of `McpAuthModule.forRoot()`: the options plus `isGlobal` / `globalGuard`. */
export type McpAuthModuleOptions = typeof OPTIONS_TYPE;

/** Argument of `McpAuthModule.forRootAsync()`: `imports`, `inject`, `useFactory | useClass | useExisting`, extras. */
export type McpAuthModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;

/** What a `useClass` / `useExisting` options factory implements. */
export interface McpAuthOptionsFactory {
  createMcpAuthOptions(): McpAuthOptions | Promise<McpAuthOptions>;
}
