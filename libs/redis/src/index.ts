/** `@nest-mcp/redis`: state of `@nest-mcp/auth` shared by replicas through Redis. */
export { RedisDpopReplayStore } from './redis-dpop-replay-store.js';
export { redisDpopReplayStore } from './redis-dpop-replay.js';
export {
  RedisDpopReplayConfigError,
  type RedisDpopReplayStoreOptions,
} from './redis-dpop-replay-store-options.js';
export type { RedisScriptClient, ScriptCall } from './redis-script-client.js';
export { RedisTimeoutError } from './with-timeout.js';
