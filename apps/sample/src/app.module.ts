import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { InMemoryDpopReplayStore, McpAuthModule } from '@nest-mcp/auth';
import { RedisDpopReplayStore, RedisEventBus } from '@nest-mcp/redis';
import {
  McpServerModule,
  mcpServerOptionsFromEnv,
  type McpEventBus,
} from '@nest-mcp/server';
import { InMemoryServerEventBus } from '@modelcontextprotocol/server';
import { apiKeysProvider } from './api-keys/api-keys.provider.js';
import { HealthController } from './health.controller.js';
import { InMemoryNotesStore } from './notes/in-memory-notes.store.js';
import { NotesPrompts } from './notes/notes.prompts.js';
import { NotesResources } from './notes/notes.resources.js';
import { NotesStore } from './notes/notes.store.js';
import { NotesTools } from './notes/notes.tools.js';
import {
  SAMPLE_REDIS,
  SAMPLE_REDIS_SUBSCRIBER,
  SampleRedisModule,
  type RedisScriptClient,
  type SampleRedis,
  type SampleRedisSubscriber,
} from './redis/sample-redis.module.js';
import { sampleAuthOptions } from './sample-config.js';
import { WhoamiTool } from './whoami/whoami.tool.js';

/** The sample MCP server: tools, a resource template and a prompt behind `McpAuthModule`, configured from `MCP_AUTH_*` and `MCP_SERVER_*`. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    SampleRedisModule,
    McpAuthModule.forRootAsync({
      inject: [ConfigService],
      useFactory: sampleAuthOptions,
      // With MCP_REDIS_URL the replicas share one DPoP replay store (RFC 9449 §11.1).
      dpopReplayStore: {
        inject: [SAMPLE_REDIS],
        useFactory: (settings, redis: RedisScriptClient | null) =>
          redis
            ? new RedisDpopReplayStore(redis, settings)
            : new InMemoryDpopReplayStore(settings),
      },
    }),
    McpServerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        mcpServerOptionsFromEnv(config, {
          name: 'nest-mcp-auth-sample',
          version: '0.1.0',
        }),
      // With MCP_REDIS_URL resource updates reach the listen streams and sessions of every replica.
      eventBus: {
        inject: [SAMPLE_REDIS, SAMPLE_REDIS_SUBSCRIBER],
        useFactory: (
          redis: SampleRedis | null,
          subscriber: SampleRedisSubscriber | null,
        ): McpEventBus | Promise<McpEventBus> =>
          redis && subscriber
            ? RedisEventBus.start(redis, subscriber)
            : new InMemoryServerEventBus(),
      },
    }),
  ],
  controllers: [HealthController],
  providers: [
    WhoamiTool,
    NotesTools,
    NotesResources,
    NotesPrompts,
    { provide: NotesStore, useClass: InMemoryNotesStore },
    apiKeysProvider,
  ],
})
export class AppModule {}
