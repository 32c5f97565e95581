import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
} from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Client as V2Client } from '@modelcontextprotocol/client';
import type { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { CapturingLogger } from './support/capturing-logger.js';
import { connectMcpClient } from './support/mcp-client.js';
import { connectV2Client } from './support/mcp-client-v2.js';
import {
  startRedisServer,
  type TestRedisServer,
} from './support/redis-server.js';
import { setSampleAuthEnv, trustedIssuer } from './support/sample-auth-env.js';
import { listenSampleReplicas } from './support/sample-replicas.js';
import { waitUntil } from './support/wait-until.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const SCOPE = 'notes:read notes:write';

/** What a listener (a listen stream or a 2025 session) was told: the updated URIs, in order. */
type Heard = string[];

/**
 * Notifications across replicas: three instances of the sample (`MCP_REDIS_URL`, stateful 2025
 * sessions and resource subscriptions on) share one real `redis-server`. A note updated through
 * replica A is announced to its owner's MCP 2026-07-28 `subscriptions/listen` streams (SDK v2
 * client) and 2025-era sessions (SDK v1 client, `resources/subscribe`) on replicas B and C, never
 * to another identity listening to the same URI. With Redis down, MCP requests work and updates
 * reach the publishing replica's listeners (one warning per replica); with Redis back,
 * cross-replica delivery resumes with no restart.
 */
describe.each(HTTP_ADAPTERS)(
  'resource updates across replicas on Redis (both eras) on %s',
  (adapter) => {
    const saved = { ...process.env };
    const logger = new CapturingLogger();
    let idp: TestIssuer;
    let redis: TestRedisServer;
    const apps: INestApplication[] = [];
    let endpoints: string[];
    const closers: (() => Promise<unknown>)[] = [];

    beforeAll(async () => {
      [idp, redis] = await Promise.all([
        startTestIssuer({ audience: RESOURCE }),
        startRedisServer(),
      ]);
      setSampleAuthEnv(
        RESOURCE,
        [trustedIssuer(idp)],
        {
          MCP_SERVER_STATEFUL: 'true',
          MCP_SERVER_RESOURCE_SUBSCRIPTIONS: 'true',
          MCP_REDIS_URL: redis.url,
        },
        ['MCP_AUTH_', 'MCP_SERVER_'],
      );
      endpoints = (await listenSampleReplicas(apps, 3, logger, adapter)).map(
        (url) => `${url}/mcp`,
      );
    });
    afterEach(async () => {
      await Promise.allSettled(closers.splice(0).map((close) => close()));
    });
    afterAll(async () => {
      await Promise.all(apps.map((app) => app.close()));
      process.env = saved;
      await Promise.all([idp?.close(), redis?.stop()]);
    });

    const tokenOf = (subject: string) => idp.mint({ subject, scope: SCOPE });

    /** An SDK v2 client of `subject` on `endpoint`, pinned to MCP 2026-07-28. */
    const modern = async (subject: string, endpoint: string) => {
      const client = await connectV2Client(endpoint, await tokenOf(subject), {
        pin: '2026-07-28',
      });
      closers.push(() => client.close());
      return client;
    };

    /** A `subscriptions/listen` stream of `subject` on `endpoint` for `uris`. */
    const listenStream = async (
      subject: string,
      endpoint: string,
      uris: string[],
    ): Promise<Heard> => {
      const client = await modern(subject, endpoint);
      const heard: Heard = [];
      client.setNotificationHandler('notifications/resources/updated', (n) => {
        heard.push(n.params.uri);
      });
      await client.listen({ resourceSubscriptions: uris });
      return heard;
    };

    /** A 2025-era session of `subject` on `endpoint` subscribed to `uris` (SDK v1 client). */
    const session = async (
      subject: string,
      endpoint: string,
      uris: string[],
    ): Promise<Heard> => {
      const { client } = await connectMcpClient(
        endpoint,
        await tokenOf(subject),
      );
      closers.push(() => (client as V1Client).close());
      const heard: Heard = [];
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
        heard.push(n.params.uri);
      });
      for (const uri of uris) await client.subscribeResource({ uri });
      return heard;
    };

    const addNote = async (client: V2Client, text: string) => {
      const result = await client.callTool({
        name: 'add_note',
        arguments: { text },
      });
      return `notes://${(result.structuredContent as { id: string }).id}`;
    };

    const updateNote = async (client: V2Client, uri: string, text: string) => {
      const result = await client.callTool({
        name: 'update_note',
        arguments: { id: uri.slice('notes://'.length), text },
      });
      expect(result.isError).toBeFalsy();
    };

    const lines = (text: string) =>
      logger.lines.filter((line) => line.includes(text));

    it("a note updated on replica A reaches its owner's listen streams and sessions on B and C, and no one else's", async () => {
      const [a, b, c] = endpoints;
      const alice = await modern('alice', a);
      const bob = await modern('bob', a);
      const aliceNote = await addNote(alice, 'alice on A');
      const bobNote = await addNote(bob, 'bob on A');
      // Bob listens to alice's note too: no replica can tell it is not his before it changes.
      const heard = {
        aliceStreamB: await listenStream('alice', b, [aliceNote]),
        aliceSessionC: await session('alice', c, [aliceNote]),
        aliceSessionB: await session('alice', b, [aliceNote]),
        bobStreamC: await listenStream('bob', c, [aliceNote, bobNote]),
        bobSessionB: await session('bob', b, [aliceNote, bobNote]),
        bobStreamA: await listenStream('bob', a, [aliceNote, bobNote]),
      };

      await updateNote(alice, aliceNote, 'edited on A');
      await waitUntil(
        () =>
          heard.aliceStreamB.length === 1 &&
          heard.aliceSessionC.length === 1 &&
          heard.aliceSessionB.length === 1,
        "alice's stream and sessions on B and C are told",
      );
      // Bob's own update is published after alice's on the same channel: once each of his
      // listeners has it, alice's update has passed every replica too.
      await updateNote(bob, bobNote, 'edited on A');
      await waitUntil(
        () =>
          heard.bobStreamC.length > 0 &&
          heard.bobSessionB.length > 0 &&
          heard.bobStreamA.length > 0,
        "bob's listeners are told of his note",
      );
      expect(heard).toEqual({
        aliceStreamB: [aliceNote],
        aliceSessionC: [aliceNote],
        aliceSessionB: [aliceNote],
        bobStreamC: [bobNote],
        bobSessionB: [bobNote],
        bobStreamA: [bobNote],
      });
    });

    it('Redis stopped: MCP requests work and updates reach the local replica, one warning per replica; Redis back: cross-replica delivery resumes, no restart', async () => {
      const [a, b] = endpoints;
      const alice = await modern('outage-alice', a);
      const note = await addNote(alice, 'before the outage');
      const onA = await listenStream('outage-alice', a, [note]);
      const onB = await listenStream('outage-alice', b, [note]);
      const sessionOnB = await session('outage-alice', b, [note]);
      const unavailable = 'Notification bus: Redis is unavailable';
      expect(lines(unavailable)).toHaveLength(0);

      await redis.stop();
      for (let i = 0; i < 3; i += 1) await updateNote(alice, note, `down ${i}`);
      await waitUntil(
        () => onA.length === 3,
        'the local stream hears all three',
      );
      // Bearer MCP requests on every replica are not affected.
      for (const endpoint of endpoints) {
        const client = await modern('outage-bearer', endpoint);
        expect((await client.callTool({ name: 'whoami' })).isError).toBeFalsy();
      }
      // Once per replica (its connections), not per event; never a token.
      await waitUntil(
        () => lines(unavailable).length === 3,
        'each replica warns once',
      );
      for (let i = 0; i < 3; i += 1) await updateNote(alice, note, `more ${i}`);
      expect(lines(unavailable)).toHaveLength(3);
      expect(logger.lines.join('\n')).not.toMatch(/eyJ[\w-]+\.eyJ/);

      await redis.start();
      const before = onB.length;
      // The clients reconnect on their own (backing off up to 2 s): update until B hears again.
      for (let tries = 0; onB.length === before && tries < 240; tries += 1) {
        await updateNote(alice, note, 'after');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(onB.length).toBeGreaterThan(before);
      await waitUntil(
        () => sessionOnB.length > 0,
        'the 2025 session on B hears them too',
      );
      await waitUntil(
        () => lines('Notification bus: Redis answers again').length === 3,
        'each replica logs the end of the outage once',
        60_000,
      );
      expect(lines(unavailable)).toHaveLength(3);
    }, 120_000);
  },
);
