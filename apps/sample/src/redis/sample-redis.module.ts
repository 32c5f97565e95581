import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RedisScriptClient } from '@nest-mcp/redis';
import {
  connectSampleRedis,
  connectSampleRedisSubscriber,
  type SampleRedis,
  type SampleRedisSubscriber,
} from './sample-redis.client.js';

/** Injection token of the sample's Redis client: `null` when `MCP_REDIS_URL` is not set. */
export const SAMPLE_REDIS = Symbol('SAMPLE_REDIS');

/** Injection token of the notification bus's subscribing connection: `null` without Redis. */
export const SAMPLE_REDIS_SUBSCRIBER = Symbol('SAMPLE_REDIS_SUBSCRIBER');

/**
 * The sample's Redis client, from `MCP_REDIS_URL` (fail-fast settings, see
 * `connectSampleRedis`), and the notification bus's subscribing connection (its duplicate), both
 * closed at shutdown. Without the variable there is none.
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
    {
      provide: SAMPLE_REDIS_SUBSCRIBER,
      inject: [SAMPLE_REDIS],
      useFactory: connectSampleRedisSubscriber,
    },
  ],
  exports: [SAMPLE_REDIS, SAMPLE_REDIS_SUBSCRIBER],
})
export class SampleRedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(SAMPLE_REDIS) private readonly redis: SampleRedis | null,
    @Inject(SAMPLE_REDIS_SUBSCRIBER)
    private readonly subscriber: SampleRedisSubscriber | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [this.subscriber, this.redis].map((client) =>
        client?.close().catch((error: unknown) => {
          new Logger('SampleRedis').warn(`closing Redis: ${String(error)}`);
        }),
      ),
    );
  }
}

/** The clients as `@nest-mcp/redis` takes them. */
export type { RedisScriptClient, SampleRedis, SampleRedisSubscriber };
