import { McpAuthModule, mcpAuthOptionsFromEnv } from '@nest-mcp/auth';
import { redisDpopReplayStore } from '@nest-mcp/redis';
import { createClient } from 'redis';

/**
 * Not started by the checks: compiled (strict) against the packages' declarations, it proves that
 * a user's node-redis client fits `@nest-mcp/redis` and its extra fits `McpAuthModule`.
 */
export function sharedReplayAuthModule(url: string) {
  const client = createClient({ url, disableOfflineQueue: true });
  return McpAuthModule.forRootAsync({
    useFactory: () => mcpAuthOptionsFromEnv(process.env),
    dpopReplayStore: redisDpopReplayStore(client, { timeoutMs: 500 }),
  });
}
