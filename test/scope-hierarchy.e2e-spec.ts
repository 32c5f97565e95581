import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { listenSample } from './support/listen.js';
import { mcpHeaders, toolsCall } from './support/mcp-client.js';
import { connectV2Client } from './support/mcp-client-v2.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';

/** MCP 2026-07-28 authorization: "Servers MUST account for scope hierarchies". */
describe.each(HTTP_ADAPTERS)(
  'scope hierarchy (MCP_AUTH_SCOPE_HIERARCHY) on the sample on %s',
  (adapter) => {
    let idp: TestIssuer;
    let app: INestApplication;
    let endpoint: string;
    const saved = { ...process.env };

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      process.env.MCP_AUTH_SCOPE_HIERARCHY = JSON.stringify({
        'notes:admin': ['notes:write'],
        'notes:write': ['notes:read'],
      });
      const listening = await listenSample(idp, RESOURCE, undefined, adapter);
      app = listening.app;
      endpoint = `${listening.url}/mcp`;
    });
    afterAll(async () => {
      process.env = saved;
      await app.close();
      await idp.close();
    });

    it('a broad scope lists and runs the tools of the narrower ones it implies', async () => {
      const client = await connectV2Client(
        endpoint,
        await idp.mint({ subject: 'root', scope: 'notes:admin' }),
        { pin: '2026-07-28' },
      );
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual([
        'add_note',
        'list_notes',
        'update_note',
        'whoami',
      ]);
      await client.callTool({ name: 'add_note', arguments: { text: 'n' } });
      const listed = await client.callTool({
        name: 'list_notes',
        arguments: {},
      });
      expect(listed.structuredContent).toMatchObject({
        notes: [{ text: 'n' }],
      });
      await client.close();
    }, 30_000);

    it('a narrow scope does not imply a broader one: 403 naming what is needed', async () => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: mcpHeaders(
          await idp.mint({ subject: 'reader', scope: 'notes:read' }),
        ),
        body: toolsCall('add_note', { text: 'x' }),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toMatch(
        /error="insufficient_scope", .*scope="notes:write notes:read"/,
      );
    });
  },
);
