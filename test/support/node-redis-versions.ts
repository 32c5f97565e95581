import { createClient as createClientV6 } from 'redis';
import { createClient as createClientV5 } from 'redis-v5';

/** `createClient` of a node-redis major, typed as the current one's (the suites use what both have). */
export type CreateNodeRedisClient = typeof createClientV6;

/**
 * The node-redis majors in the peer range of `@nest-mcp/redis`, for `describe.each`: its adapters
 * take the application's own client, so each suite runs on every major a user may have.
 */
export const NODE_REDIS_VERSIONS: readonly (readonly [
  string,
  CreateNodeRedisClient,
])[] = [
  ['node-redis 6', createClientV6],
  ['node-redis 5', createClientV5 as unknown as CreateNodeRedisClient],
];
