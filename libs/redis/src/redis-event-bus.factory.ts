import type { McpEventBusSpec } from '@nest-mcp/server';
import {
  resolveRedisEventBusOptions,
  type RedisEventBusOptions,
} from './redis-event-bus-options.js';
import { RedisEventBus } from './redis-event-bus.js';
import type {
  RedisPublishClient,
  RedisSubscriberClient,
} from './redis-pubsub-client.js';

/**
 * The `eventBus` extra of `McpServerModule.forRoot()` / `forRootAsync()` for a Redis shared by the
 * replicas: `client` is the application's node-redis client (it publishes), `subscriber` a
 * connection of its own (`await client.duplicate().connect()`), both connected and closed by the
 * application. The options are checked at once.
 *
 * @publicApi
 */
export function redisEventBus(
  client: RedisPublishClient,
  subscriber: RedisSubscriberClient,
  options?: RedisEventBusOptions,
): McpEventBusSpec {
  resolveRedisEventBusOptions(options);
  return {
    useFactory: () => RedisEventBus.start(client, subscriber, options),
  };
}
