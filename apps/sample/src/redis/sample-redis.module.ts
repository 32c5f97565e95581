import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RedisScriptClient } from '@nest-mcp/redis';
import { connectSampleRedis, type SampleRedis } from './sample-redis.client.js';

/** Injection token of the sample's Redis client: `null` when `MCP_REDIS_URL` is not set. */
export const SAMPLE_REDIS = Symbol('SAMPLE_REDIS');

/**
 * The sample's Redis client, from `MCP_REDIS_URL` (fail-fast settings, see
 * `connectSampleRedis`), closed at shutdown. Without the variable there is none.
 */
@Global()
@Module({
  providers: [
    {
      provide: SAMPLE_REDIS,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        connectSampleRedis(config.get<string>('MCP_REDIS_URL')),
    },
  ],
  exports: [SAMPLE_REDIS],
})
export class SampleRedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(SAMPLE_REDIS) private readonly redis: SampleRedis | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.close().catch((error: unknown) => {
      new Logger('SampleRedis').warn(`closing Redis: ${String(error)}`);
    });
  }
}

/** The client as `@nest-mcp/redis` takes it. */
export type { RedisScriptClient };
