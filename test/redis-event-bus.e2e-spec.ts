import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import {
  MCP_EVENT_BUS,
  McpServerModule,
  ResourceUpdates,
  type McpEvent,
} from '@nest-mcp/server';
import { RedisEventBus, redisEventBus } from '@nest-mcp/redis';
import {
  captureNestLogs,
  type CapturedLogs,
} from './support/capture-nest-logs.js';
import {
  NODE_REDIS_VERSIONS,
  type CreateNodeRedisClient,
} from './support/node-redis-versions.js';
import {
  startRedisServer,
  type TestRedisServer,
} from './support/redis-server.js';
import { waitUntil } from './support/wait-until.js';

/** A node-redis client with the fail-fast settings the package documents. */
const clientFor = (createClient: CreateNodeRedisClient, url: string) =>
  createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      reconnectStrategy: (retries) =>
        Math.min(50 * 2 ** Math.min(retries, 10), 1_000),
    },
  });

type Client = ReturnType<typeof clientFor>;

/** A replica's pair of connections: the client (publishes) and its subscribing duplicate. */
interface Connections {
  readonly client: Client;
  readonly subscriber: Client;
}

/**
 * `RedisEventBus` (the notification bus of `@nest-mcp/server` over Redis pub/sub), on a real
 * redis-server, on each node-redis major.
 */
describe.each(NODE_REDIS_VERSIONS)(
  'RedisEventBus on a real redis-server with %s',
  (_version, createClient) => {
    // Captured from this block's start: each block of `describe.each` routes Nest's logger anew.
    let logs: CapturedLogs;
    let redis: TestRedisServer;
    const opened: Client[] = [];
    const buses: RedisEventBus[] = [];

    /** A client and its subscribing duplicate, connected. */
    const connections = async (): Promise<Connections> => {
      const client = clientFor(createClient, redis.url);
      client.on('error', () => undefined);
      await client.connect();
      const subscriber = client.duplicate();
      subscriber.on('error', () => undefined);
      await subscriber.connect();
      opened.push(client, subscriber);
      return { client, subscriber };
    };

    const busOn = async (
      { client, subscriber }: Connections,
      options?: Parameters<typeof RedisEventBus.start>[2],
    ) => {
      const bus = await RedisEventBus.start(client, subscriber, options);
      buses.push(bus);
      return bus;
    };

    const record = (bus: RedisEventBus) => {
      const heard: McpEvent[] = [];
      bus.subscribe((event) => heard.push(event));
      return heard;
    };

    const warningsWith = (text: string) =>
      logs.warnings.filter((line) => line.includes(text));

    beforeAll(async () => {
      logs = captureNestLogs();
      redis = await startRedisServer();
    });
    afterAll(async () => {
      await Promise.all(buses.map((bus) => bus.close()));
      for (const client of opened) client.destroy();
      await redis?.stop();
    });

    it('an event published on one bus reaches the others once, target and params intact, and its own listeners once', async () => {
      const channel = '{bus-test:a}:notifications';
      const [a, b, c] = await Promise.all(
        [1, 2, 3].map(async () => busOn(await connections(), { channel })),
      );
      const [onA, onB, onC] = [a, b, c].map(record);
      const update: McpEvent = {
        kind: 'resource_updated',
        uri: 'notes://42',
        target: { subject: 'alice', issuer: 'https://idp.example' },
      };
      a.publish(update);
      b.publish({ kind: 'tools_list_changed', params: { _meta: { n: 1 } } });
      await waitUntil(
        () => onA.length === 2 && onB.length === 2 && onC.length === 2,
        'every bus hears both events',
      );
      expect(onC).toEqual([
        update,
        { kind: 'tools_list_changed', params: { _meta: { n: 1 } } },
      ]);
      // Each publisher heard its own event once (delivered locally, its echo from Redis skipped).
      expect(onA.filter((event) => event.kind === 'resource_updated')).toEqual([
        update,
      ]);
      expect(
        onB.filter((event) => event.kind === 'tools_list_changed'),
      ).toEqual([{ kind: 'tools_list_changed', params: { _meta: { n: 1 } } }]);
    });

    it('ignores messages on the channel that are not events of the bus, counted and warned once', async () => {
      const channel = '{bus-test:junk}:notifications';
      const pair = await connections();
      const bus = await busOn(pair, { channel, maxMessageBytes: 1024 });
      const heard = record(bus);
      for (const junk of [
        'not json',
        '{"v":1,"from":"x","event":{"kind":"shutdown"}}',
        '{"v":1,"from":"x","event":{"kind":"resource_updated","uri":7}}',
        '{"v":1,"from":"x","event":{"kind":"resource_updated","uri":"a:b","target":{"subject":1}}}',
        '{"v":2,"from":"x","event":{"kind":"tools_list_changed"}}',
        JSON.stringify({
          v: 1,
          from: 'x',
          event: {
            kind: 'tools_list_changed',
            params: { p: 'x'.repeat(2000) },
          },
        }),
      ])
        await pair.client.publish(channel, junk);
      await pair.client.publish(
        channel,
        '{"v":1,"from":"x","event":{"kind":"resource_updated","uri":"a:b","extra":"dropped"}}',
      );
      await waitUntil(() => heard.length === 1, 'the valid event arrives');
      expect(heard).toEqual([{ kind: 'resource_updated', uri: 'a:b' }]);
      expect(bus.ignored).toBe(6);
      expect(warningsWith('ignored a message')).toHaveLength(1);
    });

    it('a stalled Redis: events stay local, publishes waiting are bounded and counted, one warning; then cross-replica delivery resumes', async () => {
      const channel = '{bus-test:stall}:notifications';
      const publisher = await busOn(await connections(), {
        channel,
        timeoutMs: 200,
        maxPendingPublishes: 5,
      });
      const other = await busOn(await connections(), { channel });
      const here = record(publisher);
      const there = record(other);
      const before = warningsWith('Notification bus: Redis is unavailable');
      redis.pause();
      try {
        for (let i = 0; i < 50; i += 1)
          publisher.publish({ kind: 'resource_updated', uri: `notes://${i}` });
        // Local delivery does not wait for Redis.
        expect(here).toHaveLength(50);
        expect(publisher.unsent).toBeGreaterThanOrEqual(45);
        await waitUntil(() => publisher.unavailable, 'the outage is noticed');
        expect(
          warningsWith('Notification bus: Redis is unavailable').length -
            before.length,
        ).toBe(1);
      } finally {
        redis.resume();
      }
      // Back: the next events cross again (the few that waited may arrive first).
      await waitUntil(
        () => {
          publisher.publish({ kind: 'resource_updated', uri: 'notes://after' });
          return there.some((event) =>
            'uri' in event ? event.uri === 'notes://after' : false,
          );
        },
        'an event published after the stall reaches the other bus',
        60_000,
      );
      await waitUntil(() => !publisher.unavailable, 'the outage ends');
      // Of the 50 events of the stall, only the 5 that were waiting can have crossed.
      const stalled = there.filter(
        (event) => 'uri' in event && /^notes:\/\/\d+$/.test(event.uri),
      );
      expect(stalled.length).toBeLessThanOrEqual(5);
      expect(
        logs.others.some(
          (line) =>
            line.startsWith('Notification bus: Redis answers again') &&
            /\d+ event\(s\) published here meanwhile reached this replica only/.test(
              line,
            ),
        ),
      ).toBe(true);
    }, 90_000);

    it('Redis down when the bus starts: it starts anyway (local only) and subscribes once Redis is back', async () => {
      const channel = '{bus-test:boot}:notifications';
      const early = await connections();
      const peer = await connections();
      await redis.stop();
      const bus = await busOn(early, { channel, timeoutMs: 200 });
      const heard = record(bus);
      bus.publish({ kind: 'prompts_list_changed' });
      expect(heard).toEqual([{ kind: 'prompts_list_changed' }]);
      expect(bus.unavailable).toBe(true);
      await redis.start();
      await waitUntil(() => peer.client.isReady, 'the peer reconnects', 60_000);
      await waitUntil(
        () => {
          peer.client
            .publish(
              channel,
              '{"v":1,"from":"peer","event":{"kind":"resources_list_changed"}}',
            )
            .catch(() => undefined);
          return heard.some((event) => event.kind === 'resources_list_changed');
        },
        'the bus subscribed once Redis came back',
        60_000,
      );
    }, 90_000);

    it('refuses one connection for both roles (a subscribing connection runs no other command)', async () => {
      const { client } = await connections();
      await expect(RedisEventBus.start(client, client)).rejects.toThrow(
        /subscriber must be a connection of its own/,
      );
    });

    it('McpServerModule.forRoot({ eventBus: redisEventBus(...) }): ResourceUpdates publishes on Redis, target included; the module leaves the channel when it closes', async () => {
      const channel = '{bus-test:module}:notifications';
      const { client, subscriber } = await connections();
      const moduleRef = await Test.createTestingModule({
        imports: [
          McpServerModule.forRoot({
            name: 'bus-module',
            version: '1.0.0',
            requireAuth: false,
            resourceSubscriptions: true,
            eventBus: redisEventBus(client, subscriber, { channel }),
          }),
        ],
      }).compile();
      await moduleRef.init();
      expect(moduleRef.get(MCP_EVENT_BUS)).toBeInstanceOf(RedisEventBus);
      const other = await busOn(await connections(), { channel });
      const heard = record(other);
      await moduleRef
        .get(ResourceUpdates)
        .updated('notes://7', { subject: 'alice' });
      await waitUntil(() => heard.length === 1, 'the other replica hears it');
      expect(heard).toEqual([
        {
          kind: 'resource_updated',
          uri: 'notes://7',
          target: { subject: 'alice' },
        },
      ]);
      expect(await client.pubSubNumSub(channel)).toEqual({ [channel]: 2 });
      await moduleRef.close();
      expect(await client.pubSubNumSub(channel)).toEqual({ [channel]: 1 });
    });
  },
);
