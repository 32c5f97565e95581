import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
} from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { LOG_LEVEL_META_KEY } from '@modelcontextprotocol/client';
import { ConformanceModule } from '../apps/conformance/src/conformance.module.js';
import { listen } from './support/listen.js';
import { connectMcpClient } from './support/mcp-client.js';
import { connectV2Client } from './support/mcp-client-v2.js';

/** The tools the conformance suite's server scenarios call (read from its scenario texts). */
const FIXTURE_TOOLS = [
  'json_schema_2020_12_tool',
  'test_audio_content',
  'test_elicitation',
  'test_elicitation_sep1034_defaults',
  'test_elicitation_sep1330_enums',
  'test_embedded_resource',
  'test_error_handling',
  'test_image_content',
  'test_multiple_content_types',
  'test_reconnection',
  'test_sampling',
  'test_simple_text',
  'test_tool_with_logging',
  'test_tool_with_progress',
];

const LOGGED = [
  'Tool execution started',
  'Tool processing data',
  'Tool execution completed',
];

// Express only: the conformance app is an Express application (apps/conformance/src/bootstrap.ts) run by the conformance suite.
/** The conformance app (no auth, stateful, logging, resumable streams) through real SDK clients. */
describe('conformance app', () => {
  let app: INestApplication;
  let endpoint: string;
  /** Clients of the current test, closed after it even when it fails (their streams end). */
  const open: { close(): Promise<void> }[] = [];
  const opened = <T extends { close(): Promise<void> }>(client: T): T => {
    open.push(client);
    return client;
  };
  const v1 = async () => {
    const connected = await connectMcpClient(endpoint);
    opened(connected.client);
    return connected;
  };
  const v2Modern = async () =>
    opened(await connectV2Client(endpoint, undefined, { pin: '2026-07-28' }));

  beforeAll(async () => {
    ({ app, url: endpoint } = await listen({ imports: [ConformanceModule] }));
    endpoint = `${endpoint}/mcp`;
  });
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((client) => client.close()));
  });
  afterAll(() => app.close());

  describe('2025 era (SDK v1 client, one session)', () => {
    it('serves every fixture tool without a token', async () => {
      const { client } = await v1();
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(FIXTURE_TOOLS);
      const error = await client.callTool({ name: 'test_error_handling' });
      expect(error).toEqual({
        isError: true,
        content: [
          {
            type: 'text',
            text: 'This tool intentionally returns an error for testing',
          },
        ],
      });
    });

    it('serves the fixture resources, template, prompts and completions', async () => {
      const { client } = await v1();
      const { resources } = await client.listResources();
      expect(resources.map((resource) => resource.uri).sort()).toEqual([
        'test://static-binary',
        'test://static-text',
        'test://watched-resource',
      ]);
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual([
        'test://template/{id}/data',
      ]);
      expect(
        await client.readResource({ uri: 'test://template/123/data' }),
      ).toEqual({
        contents: [
          {
            uri: 'test://template/123/data',
            mimeType: 'application/json',
            text: '{"id":"123","templateTest":true,"data":"Data for ID: 123"}',
          },
        ],
      });
      const { prompts } = await client.listPrompts();
      expect(prompts.map((prompt) => prompt.name).sort()).toEqual([
        'test_prompt_with_arguments',
        'test_prompt_with_embedded_resource',
        'test_prompt_with_image',
        'test_simple_prompt',
      ]);
      const completed = await client.complete({
        ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
        argument: { name: 'arg1', value: 'par' },
      });
      expect(completed.completion.values).toEqual(['paris', 'park', 'party']);
    });

    it('sends log messages at or above the level set with logging/setLevel', async () => {
      const { client } = await v1();
      const logs: unknown[] = [];
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
        logs.push(n.params);
      });
      await client.setLoggingLevel('info');
      await client.callTool({ name: 'test_tool_with_logging' });
      expect(logs).toEqual(LOGGED.map((data) => ({ level: 'info', data })));

      logs.length = 0;
      await client.setLoggingLevel('error');
      await client.callTool({ name: 'test_tool_with_logging' });
      // Notifications travel before the result on the call's stream: none came.
      expect(logs).toEqual([]);
    });

    it('reports progress to the request progressToken', async () => {
      const { client } = await v1();
      const progress: unknown[] = [];
      await client.callTool({ name: 'test_tool_with_progress' }, undefined, {
        onprogress: (p) => progress.push(p),
      });
      expect(progress).toEqual([
        { progress: 0, total: 100 },
        { progress: 50, total: 100 },
        { progress: 100, total: 100 },
      ]);
    });
  });

  describe('resumable streams (stateful, 2025-11-25)', () => {
    it('closes a call stream mid-call and delivers the result on the stream the client resumes', async () => {
      const gets: (string | null)[] = [];
      const client = opened(
        new Client({ name: 'e2e-client', version: '1.0.0' }),
      );
      await client.connect(
        new StreamableHTTPClientTransport(new URL(endpoint), {
          fetch: (input, init) => {
            if (init?.method === 'GET') {
              gets.push(new Headers(init.headers).get('last-event-id'));
            }
            return fetch(input, init);
          },
        }),
      );
      const result = await client.callTool({ name: 'test_reconnection' });
      expect(result.content).toEqual([
        { type: 'text', text: 'Reconnection test completed successfully' },
      ]);
      // The client came back with the id of the priming event of the closed stream.
      expect(gets.filter((id) => id !== null)).toHaveLength(1);
    });

    it('answers 400 to a Last-Event-ID this session never sent', async () => {
      const { transport } = await v1();
      const res = await fetch(endpoint, {
        headers: {
          accept: 'text/event-stream',
          'mcp-session-id': transport.sessionId!,
          'mcp-protocol-version': '2025-11-25',
          'last-event-id': '999999',
        },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { message: 'Invalid event ID format' },
      });
    });
  });

  describe('MCP 2026-07-28 (SDK v2 client, no session)', () => {
    it('sends log messages only at the level in the request _meta', async () => {
      const client = await v2Modern();
      const logs: unknown[] = [];
      client.setNotificationHandler('notifications/message', (n) => {
        logs.push(n.params);
      });
      await client.callTool({
        name: 'test_tool_with_logging',
        arguments: {},
        _meta: { [LOG_LEVEL_META_KEY]: 'info' },
      });
      expect(logs).toEqual(LOGGED.map((data) => ({ level: 'info', data })));

      logs.length = 0;
      await client.callTool({ name: 'test_tool_with_logging', arguments: {} });
      expect(logs).toEqual([]);
    });

    it('reports progress on the response stream of the request', async () => {
      const client = await v2Modern();
      const progress: unknown[] = [];
      await client.callTool(
        { name: 'test_tool_with_progress', arguments: {} },
        { onprogress: (p) => progress.push(p) },
      );
      expect(progress).toEqual([
        { progress: 0, total: 100 },
        { progress: 50, total: 100 },
        { progress: 100, total: 100 },
      ]);
    });
  });
});
