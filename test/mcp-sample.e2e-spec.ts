import { describe, expect, it } from '@jest/globals';
import {
  connectMcpClient,
  initializeCall,
  mcpHeaders,
  toolsCall,
} from './support/mcp-client.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { sampleUnderTest } from './support/sample-under-test.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const METADATA_URL =
  'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp';

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  describe('sample MCP server with the real SDK client (the sample tools of the README)', () => {
    const sample = sampleUnderTest(adapter, RESOURCE);

    const connect = async (subject: string, scope?: string) => {
      const { client } = await connectMcpClient(
        sample.endpoint,
        await sample.idp.mint({ subject, scope }),
      );
      return sample.closeAfterTest(client);
    };

    it('initializes and reports the server', async () => {
      const client = await connect('alice');
      expect(client.getServerVersion()).toEqual({
        name: 'nest-mcp-auth-sample',
        version: '0.1.0',
      });
    });

    it.each([
      [undefined, ['whoami']],
      ['notes:read', ['list_notes', 'whoami']],
      [
        'notes:read notes:write',
        ['add_note', 'list_notes', 'update_note', 'whoami'],
      ],
    ])(
      'tools/list with scope %p shows only callable tools (hideUnauthorizedTools)',
      async (scope, names) => {
        const client = await connect('alice', scope);
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name).sort()).toEqual(names);
      },
    );

    it("whoami returns the token's identity as text and structuredContent", async () => {
      const client = await connect('alice', 'notes:read');
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      const identity = {
        subject: 'alice',
        issuer: sample.idp.issuer,
        clientId: 'test-client',
        scopes: ['notes:read'],
      };
      expect(result.structuredContent).toEqual(identity);
      expect(
        JSON.parse((result.content as Array<{ text: string }>)[0].text),
      ).toEqual(identity);
    });

    it('keeps notes per subject: one never sees another', async () => {
      const alice = await connect('alice-notes', 'notes:read notes:write');
      const bob = await connect('bob-notes', 'notes:read notes:write');
      const added = await alice.callTool({
        name: 'add_note',
        arguments: { text: 'alice secret' },
      });
      expect(added.structuredContent).toMatchObject({ text: 'alice secret' });
      const aliceNotes = await alice.callTool({
        name: 'list_notes',
        arguments: {},
      });
      const bobNotes = await bob.callTool({
        name: 'list_notes',
        arguments: {},
      });
      expect(
        (aliceNotes.structuredContent as { notes: unknown[] }).notes,
      ).toHaveLength(1);
      expect(bobNotes.structuredContent).toEqual({ notes: [] });
    });

    it('validates add_note input (1-10,000 characters) as a tool error', async () => {
      const client = await connect('carol', 'notes:write');
      const empty = await client.callTool({
        name: 'add_note',
        arguments: { text: '' },
      });
      expect(empty.isError).toBe(true);
      const huge = await client.callTool({
        name: 'add_note',
        arguments: { text: 'x'.repeat(10_001) },
      });
      expect(huge.isError).toBe(true);
    });

    it('answers 403 insufficient_scope before add_note runs with a read-only token (MCP scope step-up)', async () => {
      const token = await sample.idp.mint({
        subject: 'dave',
        scope: 'notes:read',
      });
      const res = await fetch(sample.endpoint, {
        method: 'POST',
        headers: mcpHeaders(token),
        body: toolsCall('add_note', { text: 'nope' }),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="notes:write notes:read", resource_metadata="${METADATA_URL}"`,
      );
      const reader = await connect('dave', 'notes:read notes:write');
      expect(
        (await reader.callTool({ name: 'list_notes', arguments: {} }))
          .structuredContent,
      ).toEqual({ notes: [] });
    });

    it('the SDK client surfaces the 403 as an error', async () => {
      const client = await connect('erin', 'notes:read');
      await expect(
        client.callTool({ name: 'add_note', arguments: { text: 'x' } }),
      ).rejects.toThrow(/403/);
    });

    it('401 without a token, with the contract challenge', async () => {
      const res = await fetch(sample.endpoint, {
        method: 'POST',
        headers: mcpHeaders(),
        body: toolsCall('whoami'),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer resource_metadata="${METADATA_URL}"`,
      );
    });

    it('is stateless: no session id, GET and DELETE answer 405', async () => {
      const token = await sample.idp.mint();
      const init = await fetch(sample.endpoint, {
        method: 'POST',
        headers: mcpHeaders(token),
        body: initializeCall(),
      });
      expect(init.status).toBe(200);
      expect(init.headers.get('mcp-session-id')).toBeNull();
      await init.text();
      for (const method of ['GET', 'DELETE']) {
        const res = await fetch(sample.endpoint, {
          method,
          headers: mcpHeaders(token),
        });
        expect(res.status).toBe(405);
      }
    });
  });
});
