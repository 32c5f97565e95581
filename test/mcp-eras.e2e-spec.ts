import { describe, expect, it } from '@jest/globals';
import { connectMcpClient } from './support/mcp-client.js';
import { connectV2Client } from './support/mcp-client-v2.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { sampleUnderTest } from './support/sample-under-test.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const METADATA_URL =
  'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp';

/** What the suites need of a client, whatever its SDK. */
interface EraClient {
  listTools(): Promise<{ tools: Array<{ name: string }> }>;
  callTool(request: {
    name: string;
    arguments: Record<string, unknown>;
  }): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

type Connect = (
  endpoint: string,
  token: string,
) => Promise<{ client: EraClient; version: string | undefined }>;

const clients: Array<[string, string, Connect]> = [
  [
    'SDK v2 client pinned to 2026-07-28',
    '2026-07-28',
    async (endpoint, token) => {
      const client = await connectV2Client(endpoint, token, {
        pin: '2026-07-28',
      });
      return {
        client: client as unknown as EraClient,
        version: client.getNegotiatedProtocolVersion(),
      };
    },
  ],
  [
    'SDK v2 client in auto mode',
    '2026-07-28',
    async (endpoint, token) => {
      const client = await connectV2Client(endpoint, token, 'auto');
      return {
        client: client as unknown as EraClient,
        version: client.getNegotiatedProtocolVersion(),
      };
    },
  ],
  [
    'SDK v1 client (2025 era)',
    '2025-11-25',
    async (endpoint, token) => {
      const { client, transport } = await connectMcpClient(endpoint, token);
      return {
        client: client as unknown as EraClient,
        version: transport.protocolVersion,
      };
    },
  ],
];

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  describe.each(clients)(
    'sample MCP server with the %s',
    (_label, expectedVersion, connectWith) => {
      const sample = sampleUnderTest(adapter, RESOURCE);

      const connect = async (subject: string, scope?: string) => {
        const { client, version } = await connectWith(
          sample.endpoint,
          await sample.idp.mint({ subject, scope }),
        );
        expect(version).toBe(expectedVersion);
        return sample.closeAfterTest(client);
      };

      it.each([
        [undefined, ['whoami']],
        ['notes:read', ['list_notes', 'whoami']],
        [
          'notes:read notes:write',
          ['add_note', 'list_notes', 'update_note', 'whoami'],
        ],
      ])(
        'negotiates its revision; tools/list with scope %p shows only callable tools, in name order',
        async (scope, names) => {
          const client = await connect('alice', scope);
          const { tools } = await client.listTools();
          expect(tools.map((tool) => tool.name)).toEqual(names);
        },
        30_000,
      );

      it("whoami returns the token's identity", async () => {
        const client = await connect('alice', 'notes:read');
        const result = await client.callTool({ name: 'whoami', arguments: {} });
        expect(result.structuredContent).toEqual({
          subject: 'alice',
          issuer: sample.idp.issuer,
          clientId: 'test-client',
          scopes: ['notes:read'],
        });
      }, 30_000);

      it('keeps notes per subject: one never sees another', async () => {
        const alice = await connect('alice-era', 'notes:read notes:write');
        const bob = await connect('bob-era', 'notes:read notes:write');
        await alice.callTool({
          name: 'add_note',
          arguments: { text: 'alice secret' },
        });
        const mine = await alice.callTool({
          name: 'list_notes',
          arguments: {},
        });
        const theirs = await bob.callTool({
          name: 'list_notes',
          arguments: {},
        });
        expect(mine.structuredContent).toMatchObject({
          notes: [{ text: 'alice secret' }],
        });
        expect(theirs.structuredContent).toEqual({ notes: [] });
      }, 30_000);

      it('a read-only token calling add_note gets HTTP 403 with the step-up challenge', async () => {
        const client = await connect('dave', 'notes:read');
        const refused = await client
          .callTool({ name: 'add_note', arguments: { text: 'x' } })
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        expect(String(refused)).toMatch(/403|insufficient.?scope/i);
        const raw = await fetch(sample.endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            authorization: `Bearer ${await sample.idp.mint({ subject: 'dave', scope: 'notes:read' })}`,
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name: 'add_note', arguments: { text: 'x' } },
          }),
        });
        expect(raw.status).toBe(403);
        expect(raw.headers.get('www-authenticate')).toBe(
          `Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="notes:write notes:read", resource_metadata="${METADATA_URL}"`,
        );
      }, 30_000);

      it('a failing tool is an isError result, not a protocol error', async () => {
        const client = await connect('carol', 'notes:write');
        const result = await client.callTool({
          name: 'add_note',
          arguments: { text: '' },
        });
        expect(result.isError).toBe(true);
      }, 30_000);
    },
  );
});
