import type { DpopReplayStoreSpec } from '@nest-mcp/auth';
import {
  resolveRedisDpopReplayStoreOptions,
  type RedisDpopReplayStoreOptions,
} from './redis-dpop-replay-store-options.js';
import { RedisDpopReplayStore } from './redis-dpop-replay-store.js';
import type { RedisScriptClient } from './redis-script-client.js';

/**
 * The `dpopReplayStore` extra of `McpAuthModule.forRoot()` / `forRootAsync()` for a Redis shared
 * by the replicas: `client` is the user's node-redis client (connected by the application).
 * The options are checked at once.
 *
 * @publicApi
 */
export function redisDpopReplayStore(
  client: RedisScriptClient,
  options?: RedisDpopReplayStoreOptions,
): DpopReplayStoreSpec {
  resolveRedisDpopReplayStoreOptions(options);
  return {
    useFactory: (settings) =>
      new RedisDpopReplayStore(client, settings, options),
  };
}
