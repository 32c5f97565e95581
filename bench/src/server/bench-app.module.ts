import { type DynamicModule, Module } from '@nestjs/common';
import { McpAuthModule } from '@nest-mcp/auth';
import { McpServerModule } from '@nest-mcp/server';
import { RedisDpopReplayStore } from '@nest-mcp/redis';
import { createClient } from 'redis';
import { FloorController } from './floor.controller.js';
import type { ServerConfig, ServerKind } from './server-kind.js';
import { WhoamiTool } from './whoami.tool.js';
import {
  fillerCatalog,
  LARGE_CATALOG,
  SMALL_CATALOG,
} from './filler-catalog.js';

/** The bench-only application: the `whoami` tool served by `McpServerModule`, with or without `McpAuthModule`. */
@Module({})
export class BenchAppModule {
  /**
   * `floor` is a bare controller; `ours` and `ours-large` import `McpAuthModule`; every other kind is the open
   * baseline app (peers add middleware).
   */
  static forKind(kind: ServerKind, config: ServerConfig): DynamicModule {
    if (kind === 'floor') {
      return { module: BenchAppModule, controllers: [FloorController] };
    }
    const withAuth = kind === 'ours' || kind === 'ours-large';
    const catalog = kind === 'ours-large' ? LARGE_CATALOG : SMALL_CATALOG;
    return {
      module: BenchAppModule,
      imports: [
        ...(withAuth
          ? [
              McpAuthModule.forRoot({
                resource: config.resource,
                authorizationServers: [
                  { issuer: config.issuer, jwksUri: config.jwksUri },
                ],
                // The DPoP rows are one client key sending about 20,000 proofs within one proof
                // window (a load generator, not a typical client): that key may use the whole store.
                dpopReplayKeyQuota: 100_000,
                ...(config.redisUrl
                  ? { dpopReplayStore: redisReplayStore(config.redisUrl) }
                  : {}),
              }),
            ]
          : []),
        McpServerModule.forRoot({
          name: 'nest-mcp-bench',
          version: '0.0.0',
          requireAuth: withAuth,
        }),
      ],
      providers: [WhoamiTool, fillerCatalog(catalog)],
    };
  }
}

/** The `dpopReplayStore` extra of the Redis row: a fail-fast node-redis client, connected at boot. */
function redisReplayStore(url: string) {
  return {
    useFactory: async (
      settings: ConstructorParameters<typeof RedisDpopReplayStore>[1],
    ) => {
      const client = createClient({
        url,
        disableOfflineQueue: true,
        socket: { connectTimeout: 2_000 },
      });
      client.on('error', () => undefined);
      await client.connect();
      return new RedisDpopReplayStore(client, settings);
    },
  };
}
