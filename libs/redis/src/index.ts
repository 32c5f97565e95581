/** `@nest-mcp/redis`: state of `@nest-mcp/auth` and `@nest-mcp/server` shared by replicas through Redis. */
export { RedisDpopReplayStore } from './redis-dpop-replay-store.js';
export { redisDpopReplayStore } from './redis-dpop-replay.js';
export {
  RedisDpopReplayConfigError,
  type RedisDpopReplayStoreOptions,
} from './redis-dpop-replay-store-options.js';
export type { RedisScriptClient, ScriptCall } from './redis-script-client.js';
export { RedisTimeoutError } from './with-timeout.js';
export { RedisEventBus } from './redis-event-bus.js';
export { redisEventBus } from './redis-event-bus.factory.js';
export {
  RedisEventBusConfigError,
  type RedisEventBusOptions,
} from './redis-event-bus-options.js';
export type {
  RedisMessageListener,
  RedisPublishClient,
  RedisSubscriberClient,
} from './redis-pubsub-client.js';
