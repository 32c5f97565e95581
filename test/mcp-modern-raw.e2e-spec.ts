import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { McpAuthModule } from '@nest-mcp/auth';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { McpServerModule } from '@nest-mcp/server';
import { EnhancedTools } from './support/enhanced-tools.fixture.js';
import { listen } from './support/listen.js';
import {
  connectV2Client,
  modernBody,
  modernHeaders,
} from './support/mcp-client-v2.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { initializeCall } from './support/mcp-client.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  /** Raw MCP 2026-07-28 requests (no initialize, per-request `_meta`, `Mcp-Method`/`Mcp-Name`). */
  describe('MCP 2026-07-28 on the wire', () => {
    let idp: TestIssuer;
    let app: INestApplication;
    let endpoint: string;
    let tools: EnhancedTools;
    let token: string;
    let admin: string;

    const post = async (headers: Record<string, string>, body: string) => {
      const res = await fetch(endpoint, { method: 'POST', headers, body });
      const text = await res.text();
      // The assertions walk the JSON-RPC answer freely; each expectation states the shape it needs.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const json = (text ? JSON.parse(text) : {}) as Record<string, any>;
      return { res, json };
    };
    const call = (name: string) =>
      modernBody('tools/call', { name, arguments: {} });

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      const listening = await listen(
        {
          imports: [
            McpAuthModule.forRoot(idp.authOptions(RESOURCE)),
            McpServerModule.forRoot({ name: 'modern', version: '1.0.0' }),
          ],
          providers: [EnhancedTools],
        },
        undefined,
        { adapter },
      );
      app = listening.app;
      endpoint = `${listening.url}/mcp`;
      tools = app.get(EnhancedTools);
      token = await idp.mint({ subject: 'alice' });
      admin = await idp.mint({ subject: 'alice', scope: 'admin' });
    });
    afterAll(async () => {
      await app.close();
      await idp.close();
    });

    it('answers server/discover with the supported revisions', async () => {
      const { res, json } = await post(
        modernHeaders(token, 'server/discover'),
        modernBody('server/discover'),
      );
      expect(res.status).toBe(200);
      expect(json.result.supportedVersions).toContain('2026-07-28');
      expect(json.result.capabilities.tools).toBeDefined();
      expect(
        json.result._meta['io.modelcontextprotocol/serverInfo'],
      ).toMatchObject({ name: 'modern' });
      expect(json.result.resultType).toBe('complete');
    });

    it('lists tools in name order, hidden ones left out, cacheable only by this client', async () => {
      const { res, json } = await post(
        modernHeaders(token, 'tools/list'),
        modernBody('tools/list'),
      );
      expect(res.status).toBe(200);
      const names = (json.result.tools as Array<{ name: string }>).map(
        (tool) => tool.name,
      );
      expect(names).toEqual([...names].sort());
      expect(names).not.toContain('admin_only');
      // Zod schemas are published as JSON Schema 2020-12 (converted once, at boot).
      const echo = (
        json.result.tools as Array<{ name: string; inputSchema: object }>
      ).find((tool) => tool.name === 'guarded_echo');
      expect(echo?.inputSchema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { text: { type: 'string' } },
        required: ['text'],
      });
      expect(json.result).toMatchObject({
        resultType: 'complete',
        ttlMs: 0,
        cacheScope: 'private',
      });
      const withAdmin = await post(
        modernHeaders(admin, 'tools/list'),
        modernBody('tools/list'),
      );
      expect(
        (withAdmin.json.result.tools as Array<{ name: string }>).map(
          (tool) => tool.name,
        ),
      ).toContain('admin_only');
    });

    it('hands the _meta envelope (protocol version, client info) to tools through @ToolExtra()', async () => {
      const client = await connectV2Client(endpoint, token, {
        pin: '2026-07-28',
      });
      const result = await client.callTool({ name: 'era', arguments: {} });
      expect(result.structuredContent).toEqual({
        protocolVersion: '2026-07-28',
        clientName: 'e2e-client-v2',
      });
      await client.close();
    });

    it('refuses a scoped tool hidden behind an unscoped Mcp-Name with 403 before it runs', async () => {
      const before = tools.adminRuns;
      const { res } = await post(
        modernHeaders(token, 'tools/call', 'explode'),
        call('admin_only'),
      );
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toMatch(
        /^Bearer error="insufficient_scope", .*scope="admin"/,
      );
      expect(tools.adminRuns).toBe(before);
    });

    it('@RequireScopes() on a tool method acts as @Tool({ scopes }): hidden, then 403 before it runs', async () => {
      const list = await post(
        modernHeaders(token, 'tools/list'),
        modernBody('tools/list'),
      );
      expect(JSON.stringify(list.json.result.tools)).not.toContain('"reports"');
      const { res } = await post(
        modernHeaders(token, 'tools/call', 'reports'),
        call('reports'),
      );
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toMatch(/scope="reports"/);
    });

    it('a hidden tool still answers 403, not "tool not found"', async () => {
      const { res } = await post(
        modernHeaders(token, 'tools/call', 'admin_only'),
        call('admin_only'),
      );
      expect(res.status).toBe(403);
    });

    it.each([
      [
        'Mcp-Name names an unscoped tool, the body a scoped one',
        'explode',
        'admin_only',
      ],
      [
        'Mcp-Name names a scoped tool, the body an unscoped one',
        'admin_only',
        'era',
      ],
    ])(
      'answers HeaderMismatch (-32020) when %s, and runs neither',
      async (_label, header, body) => {
        const before = tools.adminRuns;
        const { res, json } = await post(
          modernHeaders(admin, 'tools/call', header),
          call(body),
        );
        expect(res.status).toBe(400);
        expect(json.error.code).toBe(-32020);
        expect(json.result).toBeUndefined();
        expect(tools.adminRuns).toBe(before);
      },
    );

    it('answers HeaderMismatch (-32020) when Mcp-Method disagrees with the body', async () => {
      const { res, json } = await post(
        modernHeaders(admin, 'tools/list'),
        call('admin_only'),
      );
      expect(res.status).toBe(400);
      expect(json.error.code).toBe(-32020);
    });

    it('refuses a request without Mcp-Method', async () => {
      const headers = modernHeaders(token, 'tools/list');
      delete headers['mcp-method'];
      const { res, json } = await post(headers, modernBody('tools/list'));
      expect(res.status).toBe(400);
      expect(json.error.code).toBeLessThan(0);
      expect(json.result).toBeUndefined();
    });

    it('answers an unsupported revision with -32022, naming the supported ones', async () => {
      const { res, json } = await post(
        modernHeaders(token, 'tools/list', undefined, {
          'mcp-protocol-version': '2099-01-01',
        }),
        modernBody('tools/list', {}, '2099-01-01'),
      );
      expect(res.status).toBe(400);
      expect(json.error.code).toBe(-32022);
      expect(json.error.data.supported).toContain('2026-07-28');
    });

    it('answers GET with 405 (no sessions, no stream)', async () => {
      const res = await fetch(endpoint, {
        method: 'GET',
        headers: modernHeaders(token, 'tools/list'),
      });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    });

    it.each(['2025-11-25', '2025-06-18', '2025-03-26'])(
      'still serves the 2025 era statelessly: initialize %s, then tools/call without a session',
      async (version) => {
        const headers = {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${token}`,
        };
        const init = await fetch(endpoint, {
          method: 'POST',
          headers,
          body: initializeCall(version),
        });
        expect(init.status).toBe(200);
        expect(init.headers.get('mcp-session-id')).toBeNull();
        expect(await init.text()).toContain(`"protocolVersion":"${version}"`);
        const called = await fetch(endpoint, {
          method: 'POST',
          headers: { ...headers, 'mcp-protocol-version': version },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 2,
            method: 'tools/call',
            params: { name: 'era', arguments: {} },
          }),
        });
        expect(called.status).toBe(200);
        // No 2026-07-28 envelope in the 2025 era: the tool sees none.
        expect(await called.text()).toContain('\\"protocolVersion\\":null');
      },
    );

    it('still asks for a token first (401 with the challenge)', async () => {
      const { res } = await post(
        modernHeaders(undefined, 'tools/list'),
        modernBody('tools/list'),
      );
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(
        /^Bearer resource_metadata="/,
      );
    });
  });
});
