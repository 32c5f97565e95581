import { Logger } from '@nestjs/common';
import type {
  RedisPublishClient,
  RedisScriptClient,
  RedisSubscriberClient,
} from '@nest-mcp/redis';

/** The sample's subscribing connection (the notification bus's): a duplicate of its client. */
export type SampleRedisSubscriber = RedisSubscriberClient & {
  connect(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
};

/** The sample's Redis client: what `@nest-mcp/redis` uses, plus `close` and `duplicate`. */
export type SampleRedis = RedisScriptClient &
  RedisPublishClient & {
    close(): Promise<void>;
    duplicate(): SampleRedisSubscriber;
  };

/** Longest wait for a connection, in ms. */
const CONNECT_TIMEOUT_MS = 2_000;
/** Longest pause between reconnection attempts, in ms. */
const LONGEST_RECONNECT_DELAY_MS = 2_000;

/**
 * A node-redis client for `url` with fail-fast settings, connected; `null` without a URL.
 * - `disableOfflineQueue`: while disconnected a command fails at once (503) instead of waiting;
 * - `connectTimeout` 2 s; `reconnectStrategy`: once connected, retry forever, backing off up to
 *   2 s, so Redis coming back is picked up with no restart (before that, fail the boot);
 * - errors are logged by the store (once per outage), so the client's `error` events are only
 *   listened to (an unlistened `error` event would end the process).
 * The first connection is awaited at boot: a wrong URL stops the sample with a clear message.
 */
export async function connectSampleRedis(
  url: string | undefined,
): Promise<SampleRedis | null> {
  if (!url) return null;
  const { createClient } = await import('redis');
  let connectedOnce = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Before the first connection an error ends `connect()` (the sample must not hang at boot).
      reconnectStrategy: (retries, cause) =>
        connectedOnce
          ? Math.min(
              50 * 2 ** Math.min(retries, 10),
              LONGEST_RECONNECT_DELAY_MS,
            )
          : cause,
    },
  });
  client.on('ready', () => {
    connectedOnce = true;
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    throw new Error(
      `MCP_REDIS_URL: cannot connect to Redis (${error instanceof Error ? error.message : String(error)}); start Redis or fix the URL`,
      { cause: error },
    );
  }
  new Logger('SampleRedis').log(
    'DPoP replay store and notification bus: Redis (MCP_REDIS_URL)',
  );
  return client;
}

/**
 * The notification bus's subscribing connection: a duplicate of `client` (same URL and fail-fast
 * settings; Redis runs no other command on a subscribing connection), connected; `null` without a
 * client. node-redis subscribes it again after each reconnection.
 */
export async function connectSampleRedisSubscriber(
  client: SampleRedis | null,
): Promise<SampleRedisSubscriber | null> {
  if (!client) return null;
  const subscriber = client.duplicate();
  // The bus logs outages (once each); an unlistened `error` event would end the process.
  subscriber.on('error', () => undefined);
  try {
    await subscriber.connect();
  } catch (error) {
    subscriber.destroy();
    throw new Error(
      `MCP_REDIS_URL: cannot open the subscribing connection (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  return subscriber;
}
