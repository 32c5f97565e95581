import { afterEach, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  connectMcpClient,
  initializeCall,
  mcpHeaders,
} from './support/mcp-client.js';
import { sampleUnderTest } from './support/sample-under-test.js';
import { waitUntil } from './support/wait-until.js';
import {
  HTTP_ADAPTERS,
  type HttpAdapterName,
} from './support/http-adapters.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const SCOPE = 'notes:read notes:write';

/** The sample in stateful mode from `env` (MCP_SERVER_*), trusting a fresh test issuer. */
function statefulSample(adapter: HttpAdapterName, env: Record<string, string>) {
  return sampleUnderTest(adapter, RESOURCE, {
    MCP_SERVER_STATEFUL: 'true',
    MCP_AUTH_CLOCK_TOLERANCE_SECONDS: '0',
    ...env,
  });
}

/** Records whether each `GET` SSE stream a client opens has ended. */
function recordingGetStreams() {
  const streams: { ended: boolean }[] = [];
  const fetchRecording: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if ((init?.method ?? 'GET') !== 'GET' || res.status !== 200 || !res.body)
      return res;
    const stream = { ended: false };
    streams.push(stream);
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            stream.ended = true;
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          stream.ended = true;
          controller.error(error);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: res.status, headers: res.headers });
  };
  return { streams, fetch: fetchRecording };
}

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  /**
   * Stateful mode (2025-era sessions, SDK v1 client): sessions bounded per identity and closed when
   * idle, `GET` streams ended with their token, the event store bounded in bytes, subscriptions
   * bounded per session, and resource updates only to the sessions whose identity may read them.
   */
  describe('stateful sessions of the sample (MCP 2025-11-25, SDK v1 client)', () => {
    const sample = statefulSample(adapter, {
      MCP_SERVER_RESUMABLE_STREAMS: 'true',
      MCP_SERVER_RESOURCE_SUBSCRIPTIONS: 'true',
      MCP_SERVER_MAX_SESSIONS_PER_IDENTITY: '2',
      MCP_SERVER_MAX_SUBSCRIPTIONS_PER_SESSION: '2',
      MCP_SERVER_MAX_RESOURCE_URI_LENGTH: '200',
      MCP_SERVER_MAX_EVENT_BYTES_PER_SESSION: '65536',
    });
    const open: Client[] = [];

    const connect = async (
      subject: string,
      options: { expiresIn?: number; fetch?: typeof fetch } = {},
    ) => {
      const token = await sample.idp.mint({
        subject,
        scope: SCOPE,
        expiresIn: options.expiresIn,
      });
      const connected = await connectMcpClient(
        sample.endpoint,
        token,
        options.fetch,
      );
      open.push(connected.client);
      return { ...connected, token };
    };
    const addNote = async (client: Client, text: string) => {
      const result = await client.callTool({
        name: 'add_note',
        arguments: { text },
      });
      return (result.structuredContent as { id: string }).id;
    };

    afterEach(async () => {
      await Promise.allSettled(open.splice(0).map((client) => client.close()));
    });

    it('refuses an identity at its session cap with 429 while another identity still opens sessions', async () => {
      const first = await connect('cap-alice');
      await connect('cap-alice');
      const token = await sample.idp.mint({
        subject: 'cap-alice',
        scope: SCOPE,
      });
      const refused = await fetch(sample.endpoint, {
        method: 'POST',
        headers: mcpHeaders(token),
        body: initializeCall(),
      });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(await refused.json()).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32000,
          message: expect.stringContaining(
            'Too many open sessions for this identity (limit 2)',
          ),
        },
      });
      await expect(connect('cap-alice')).rejects.toThrow();
      // Another identity is not held back by alice's sessions.
      const bob = await connect('cap-bob');
      expect((await bob.client.listTools()).tools.length).toBeGreaterThan(0);
      // Ending one of alice's sessions (DELETE) gives her room again.
      await first.transport.terminateSession();
      await connect('cap-alice');
    });

    it('ends a GET stream when the token that opened it expires', async () => {
      const recording = recordingGetStreams();
      await connect('get-expiring', { expiresIn: 4, fetch: recording.fetch });
      await waitUntil(
        () => recording.streams.length > 0,
        'the client opens its GET stream',
      );
      await waitUntil(
        () => recording.streams[0].ended,
        'the GET stream ends with its token',
      );
    }, 30_000);

    it('refuses a subscription past the per-session cap, and a resource URI past the length cap', async () => {
      const { client } = await connect('greedy');
      await client.subscribeResource({ uri: 'notes://1' });
      await client.subscribeResource({ uri: 'notes://2' });
      // Subscribing again to a URI already held takes no more room.
      await client.subscribeResource({ uri: 'notes://2' });
      await expect(
        client.subscribeResource({ uri: 'notes://3' }),
      ).rejects.toMatchObject({
        code: -32000,
        message: expect.stringContaining(
          'Too many resource subscriptions in this session (limit 2)',
        ),
      });
      await client.unsubscribeResource({ uri: 'notes://1' });
      await expect(
        client.subscribeResource({ uri: `notes://${'x'.repeat(300)}` }),
      ).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining('longer than 200 characters'),
      });
    });

    it("tells only the note's owner that it changed, though another identity subscribed to its URI", async () => {
      const alice = await connect('owner-alice');
      const bob = await connect('other-bob');
      const aliceId = await addNote(alice.client, 'alice');
      const bobId = await addNote(bob.client, 'bob');
      const heard = { alice: [] as string[], bob: [] as string[] };
      alice.client.setNotificationHandler(
        ResourceUpdatedNotificationSchema,
        (n) => {
          heard.alice.push(n.params.uri);
        },
      );
      bob.client.setNotificationHandler(
        ResourceUpdatedNotificationSchema,
        (n) => {
          heard.bob.push(n.params.uri);
        },
      );
      await alice.client.subscribeResource({ uri: `notes://${aliceId}` });
      // The template matches, so the subscription is answered like any other.
      await bob.client.subscribeResource({ uri: `notes://${aliceId}` });
      await bob.client.subscribeResource({ uri: `notes://${bobId}` });

      await alice.client.callTool({
        name: 'update_note',
        arguments: { id: aliceId, text: 'edited' },
      });
      await waitUntil(() => heard.alice.length === 1, 'alice is told');
      await bob.client.callTool({
        name: 'update_note',
        arguments: { id: bobId, text: 'edited' },
      });
      await waitUntil(() => heard.bob.length > 0, 'bob is told of his note');
      expect(heard.bob).toEqual([`notes://${bobId}`]);
      expect(heard.alice).toEqual([`notes://${aliceId}`]);
    });

    it('does not keep an event larger than the byte budget: its stream cannot be resumed past it', async () => {
      const { transport, token } = await connect('big-replies');
      const session = (transport as StreamableHTTPClientTransport).sessionId!;
      // 2025-11-25 streams open with a priming event (an id with no message) a client resumes from.
      const headers = mcpHeaders(token, {
        'mcp-session-id': session,
        'mcp-protocol-version': '2025-11-25',
      });
      /** A tools/call of an unknown tool (its error reply echoes the name); the SSE event ids. */
      const unknownTool = async (nameLength: number) => {
        const res = await fetch(sample.endpoint, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 9,
            method: 'tools/call',
            params: { name: 'x'.repeat(nameLength), arguments: {} },
          }),
        });
        const text = await res.text();
        expect(text).toContain('-32602');
        return [...text.matchAll(/^id: (.+)$/gm)].map((match) => match[1]);
      };
      const resume = (lastEventId: string) =>
        fetch(sample.endpoint, {
          headers: { ...headers, 'last-event-id': lastEventId },
        });

      // A small reply is kept: its stream resumes from the priming event and replays it.
      const [smallPriming] = await unknownTool(100);
      const replay = await resume(smallPriming);
      expect(replay.status).toBe(200);
      const reader = replay.body!.getReader();
      let replayed = '';
      while (!replayed.includes('-32602')) {
        const { done, value } = await reader.read();
        if (done) break;
        replayed += new TextDecoder().decode(value);
      }
      expect(replayed).toContain('-32602');
      await reader.cancel();

      // A reply of 100 kB is over the 64 KiB budget: not kept, so its stream cannot be resumed.
      const [bigPriming, bigReply] = await unknownTool(100_000);
      expect((await resume(bigPriming)).status).toBe(400);
      expect((await resume(bigReply)).status).toBe(400);
    });
  });

  describe('idle stateful sessions (sessionIdleTimeoutSeconds)', () => {
    const sample = statefulSample(adapter, {
      MCP_SERVER_SESSION_IDLE_TIMEOUT_SECONDS: '1',
    });

    it('closes a session with no request open for the idle timeout; one with its GET stream open stays', async () => {
      const token = await sample.idp.mint({ subject: 'idler', scope: SCOPE });
      const idle = await connectMcpClient(sample.endpoint, token);
      const busy = await connectMcpClient(sample.endpoint, token);
      const idleSession = idle.transport.sessionId!;
      // Closing the client transport drops its GET stream without ending the session (no DELETE).
      await idle.client.close();
      const ping = (session: string) =>
        fetch(sample.endpoint, {
          method: 'POST',
          headers: mcpHeaders(token, { 'mcp-session-id': session }),
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
        });
      let status = 200;
      while (status !== 404) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        status = (await ping(idleSession)).status;
      }
      // The other session kept its GET stream open all along: still there.
      expect((await busy.client.listTools()).tools.length).toBeGreaterThan(0);
      await busy.client.close();
    }, 30_000);
  });
});
