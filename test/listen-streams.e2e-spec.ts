import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
} from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import {
  type Client,
  type McpSubscription,
} from '@modelcontextprotocol/client';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { listenSample } from './support/listen.js';
import { connectV2Client } from './support/mcp-client-v2.js';
import { waitUntil } from './support/wait-until.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const SCOPE = 'notes:read notes:write';

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  /**
   * MCP 2026-07-28 `subscriptions/listen` streams of the sample (SDK v2 client pinned to
   * 2026-07-28): bounded per identity and in all, ended when their token expires, and told of a
   * resource's change only when their identity may read it.
   */
  describe('subscriptions/listen streams (MCP 2026-07-28, sample, SDK v2 client)', () => {
    let idp: TestIssuer;
    let app: INestApplication;
    let endpoint: string;
    const saved = { ...process.env };
    const clients: Client[] = [];

    const connect = async (subject: string, expiresIn?: number) => {
      const token = await idp.mint({ subject, scope: SCOPE, expiresIn });
      const client = await connectV2Client(endpoint, token, {
        pin: '2026-07-28',
      });
      clients.push(client);
      return client;
    };
    /** A listen stream asking for resource updates of `uris`, recording the URIs it is told of. */
    const listen = async (
      client: Client,
      uris: string[] = ['notes://none'],
    ) => {
      const updated: string[] = [];
      client.setNotificationHandler('notifications/resources/updated', (n) => {
        updated.push(n.params.uri);
      });
      const subscription = await client.listen({ resourceSubscriptions: uris });
      return { subscription, updated };
    };
    const addNote = async (client: Client, text: string) => {
      const result = await client.callTool({
        name: 'add_note',
        arguments: { text },
      });
      return (result.structuredContent as { id: string }).id;
    };

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      Object.assign(process.env, {
        MCP_SERVER_RESOURCE_SUBSCRIPTIONS: 'true',
        MCP_SERVER_MAX_LISTEN_STREAMS_PER_IDENTITY: '2',
        MCP_SERVER_MAX_LISTEN_STREAMS: '5',
        MCP_SERVER_MAX_SUBSCRIPTIONS_PER_SESSION: '3',
        // Streams end at exp exactly, so that a short-lived token shows it.
        MCP_AUTH_CLOCK_TOLERANCE_SECONDS: '0',
      });
      let url: string;
      ({ app, url } = await listenSample(idp, RESOURCE, undefined, adapter));
      endpoint = `${url}/mcp`;
    });
    afterEach(async () => {
      await Promise.allSettled(
        clients.splice(0).map((client) => client.close()),
      );
    });
    afterAll(async () => {
      await app?.close();
      await idp?.close();
      process.env = saved;
    });

    it('refuses an identity past its cap with a JSON-RPC error while another identity still opens streams', async () => {
      const alice = await connect('listen-alice');
      const first = await listen(alice);
      await listen(alice);
      await expect(
        alice.listen({ resourceSubscriptions: ['notes://none'] }),
      ).rejects.toMatchObject({
        code: -32000,
        message: expect.stringContaining(
          'Too many open subscriptions/listen streams for this identity (limit 2)',
        ),
      });
      const bob = await connect('listen-bob');
      const bobs = await listen(bob);
      expect(bobs.subscription.honoredFilter).toEqual({
        resourceSubscriptions: ['notes://none'],
      });
      // Closing one of alice's streams gives her slot back (once the server sees it close).
      await first.subscription.close();
      const again = await retryWhileRefused(() =>
        alice.listen({ resourceSubscriptions: ['notes://none'] }),
      );
      expect(again.honoredFilter).toEqual({
        resourceSubscriptions: ['notes://none'],
      });
    });

    it("tells only the note's owner that it changed; another identity listening to its URI hears nothing", async () => {
      const alice = await connect('listen-owner');
      const bob = await connect('listen-other');
      const aliceNote = `notes://${await addNote(alice, 'alice')}`;
      const bobNote = `notes://${await addNote(bob, 'bob')}`;
      const alices = await listen(alice, [aliceNote]);
      // Bob asks for alice's note too: the server cannot know it is not his before it changes.
      const bobs = await listen(bob, [aliceNote, bobNote]);
      expect(bobs.subscription.honoredFilter).toEqual({
        resourceSubscriptions: [aliceNote, bobNote],
      });
      // Bob cannot edit alice's note: it answers exactly like a missing one.
      const foreign = await bob.callTool({
        name: 'update_note',
        arguments: { id: aliceNote.slice('notes://'.length), text: 'mine now' },
      });
      const missing = await bob.callTool({
        name: 'update_note',
        arguments: { id: 'no-such-note', text: 'mine now' },
      });
      expect(foreign).toEqual(missing);
      expect(foreign).toMatchObject({ isError: true });

      await alice.callTool({
        name: 'update_note',
        arguments: { id: aliceNote.slice('notes://'.length), text: 'edited' },
      });
      await waitUntil(() => alices.updated.length === 1, 'alice is told');
      // Bob's own update arrives on his stream after alice's would have (one bus, in order).
      await bob.callTool({
        name: 'update_note',
        arguments: { id: bobNote.slice('notes://'.length), text: 'edited' },
      });
      await waitUntil(() => bobs.updated.length > 0, 'bob is told of his note');
      expect(bobs.updated).toEqual([bobNote]);
      expect(alices.updated).toEqual([aliceNote]);
    });

    it('asks the scopes reading needs of the resources a stream listens to: 403 insufficient_scope without them', async () => {
      const token = await idp.mint({
        subject: 'listen-writer',
        scope: 'notes:write',
      });
      const client = await connectV2Client(endpoint, token, {
        pin: '2026-07-28',
      });
      clients.push(client);
      await expect(
        client.listen({ resourceSubscriptions: ['notes://any'] }),
      ).rejects.toThrow(
        /Insufficient scope: required "notes:read notes:write"/,
      );
    });

    it('ends a stream when the token that opened it expires', async () => {
      const client = await connect('listen-expiring', 4);
      const { subscription } = await listen(client);
      expect(await subscription.closed).toBe('remote');
    }, 60_000);

    it.each([
      [
        'more resource URIs than a session may subscribe to',
        ['notes://1', 'notes://2', 'notes://3', 'notes://4'],
        /at most 3 resourceSubscriptions/,
      ],
      [
        'a resource URI longer than 2,048 characters',
        [`notes://${'x'.repeat(2100)}`],
        /longer than 2048 characters/,
      ],
    ])('refuses %s with -32602', async (_what, uris, message) => {
      const client = await connect('listen-greedy');
      await expect(
        client.listen({ resourceSubscriptions: uris }),
      ).rejects.toMatchObject({
        code: -32602,
        message: expect.stringMatching(message),
      });
    });
  });

  describe('subscriptions/listen streams in all (maxListenStreams)', () => {
    let idp: TestIssuer;
    let app: INestApplication;
    let endpoint: string;
    const saved = { ...process.env };
    const clients: Client[] = [];

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      Object.assign(process.env, {
        MCP_SERVER_RESOURCE_SUBSCRIPTIONS: 'true',
        MCP_SERVER_MAX_LISTEN_STREAMS: '3',
      });
      let url: string;
      ({ app, url } = await listenSample(idp, RESOURCE, undefined, adapter));
      endpoint = `${url}/mcp`;
    });
    afterAll(async () => {
      await Promise.allSettled(clients.map((client) => client.close()));
      await app?.close();
      await idp?.close();
      process.env = saved;
    });

    it('refuses the stream past the server-wide cap', async () => {
      const streams: McpSubscription[] = [];
      for (const subject of ['all-a', 'all-a', 'all-b', 'all-c']) {
        const token = await idp.mint({ subject, scope: SCOPE });
        const client = await connectV2Client(endpoint, token, {
          pin: '2026-07-28',
        });
        clients.push(client);
        if (streams.length < 3) {
          streams.push(
            await client.listen({ resourceSubscriptions: ['notes://none'] }),
          );
        } else {
          await expect(
            client.listen({ resourceSubscriptions: ['notes://none'] }),
          ).rejects.toMatchObject({
            code: -32603,
            message: expect.stringContaining('Subscription limit reached'),
          });
        }
      }
    });
  });

  /** Runs `open` until the server stops refusing it for the per-identity cap (-32000). */
  async function retryWhileRefused<T>(open: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await open();
      } catch (error) {
        if ((error as { code?: unknown }).code !== -32000) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
});
