import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, type INestApplication } from '@nestjs/common';
import { McpAuthModule, RequireScopes } from '@nest-mcp/auth';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import {
  McpServerModule,
  type ProgressReporter,
  Tool,
  ToolProgress,
} from '@nest-mcp/server';
import { CatalogProvider } from './support/catalog.fixture.js';
import { EnhancedTools } from './support/enhanced-tools.fixture.js';
import {
  connectSeeing,
  ERA_CLIENTS,
  type EraClient,
} from './support/era-clients.js';
import { listen } from './support/listen.js';
import { mcpHeaders } from './support/mcp-client.js';
import { modernHeaders } from './support/mcp-client-v2.js';
import { TEST_RESOURCE } from './support/step-up.js';
import {
  HTTP_ADAPTERS,
  type HttpAdapterName,
} from './support/http-adapters.js';

const RESOURCE = TEST_RESOURCE;
const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** Tools that report progress, and one only `lab` may see. */
@Injectable()
class ProgressTools {
  @Tool({ name: 'count_up', description: 'Counts to two, reporting progress' })
  async countUp(@ToolProgress() progress: ProgressReporter) {
    await progress(1, 2);
    await progress(2, 2);
    return 'counted';
  }

  @Tool({ name: 'lab_only', description: 'Shown to lab callers only' })
  @RequireScopes('lab')
  labOnly() {
    return 'lab';
  }
}

async function start(
  adapter: HttpAdapterName,
  idp: TestIssuer,
  logging = false,
) {
  const { app, url } = await listen(
    {
      imports: [
        McpAuthModule.forRoot(idp.authOptions(RESOURCE)),
        McpServerModule.forRoot({ name: 'lean', version: '1.0.0', logging }),
      ],
      providers: [CatalogProvider, EnhancedTools, ProgressTools],
    },
    undefined,
    { adapter },
  );
  return { app, endpoint: `${url}/mcp` };
}

type Named = { name?: string; uri?: string };
const names = (items: Named[]) => items.map((item) => item.uri ?? item.name);

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  describe.each(ERA_CLIENTS)(
    'one server, callers with different scopes, with the %s',
    (_label, connectWith) => {
      let idp: TestIssuer;
      let app: INestApplication;
      let endpoint: string;
      const open: EraClient[] = [];

      const client = async (scope?: string) => {
        const token = await idp.mint({ subject: 'alice', scope });
        const { client } = await connectSeeing(connectWith, endpoint, token);
        open.push(client);
        return client as EraClient & {
          listTools(): Promise<{ tools: Named[] }>;
          callTool(request: object): Promise<unknown>;
        };
      };

      beforeAll(async () => {
        idp = await startTestIssuer({ audience: RESOURCE });
        ({ app, endpoint } = await start(adapter, idp));
      });
      afterAll(async () => {
        await Promise.all(open.splice(0).map((each) => each.close()));
        await app.close();
        await idp.close();
      });

      it('shows an item to one caller and hides it from the next, each list for its own scopes', async () => {
        const lab = await client('lab admin vault');
        const plain = await client();
        // Interleaved on one server: a list built for one scope set is never served to another.
        for (let round = 0; round < 2; round++) {
          expect(names((await lab.listTools()).tools)).toContain('lab_only');
          expect(names((await plain.listTools()).tools)).not.toContain(
            'lab_only',
          );
          expect(names((await lab.listResources()).resources)).toContain(
            'secret://plans',
          );
          expect(names((await plain.listResources()).resources)).not.toContain(
            'secret://plans',
          );
          expect(names((await lab.listPrompts()).prompts)).toContain('audit');
          expect(names((await plain.listPrompts()).prompts)).not.toContain(
            'audit',
          );
        }
        // Every kind the application serves is declared, however little a caller is shown.
        expect(Object.keys(plain.getServerCapabilities() ?? {})).toEqual(
          expect.arrayContaining([
            'tools',
            'resources',
            'prompts',
            'completions',
          ]),
        );
        expect(await lab.callTool({ name: 'lab_only', arguments: {} })).toEqual(
          expect.objectContaining({ content: [{ type: 'text', text: 'lab' }] }),
        );
      }, 60_000);

      it('calls a tool by name among many, and answers an unknown one as the SDK does', async () => {
        const plain = await client();
        const result = await plain.callTool({
          name: 'count_up',
          arguments: {},
        });
        expect(result).toEqual(
          expect.objectContaining({
            content: [{ type: 'text', text: 'counted' }],
          }),
        );
        const unknown = await plain
          .callTool({ name: 'no_such_tool', arguments: {} })
          .then(
            (answer) => answer,
            (error: unknown) => error,
          );
        expect(String((unknown as Error).message)).toMatch(
          /Tool no_such_tool not found/,
        );
        expect((unknown as { code?: number }).code).toBe(-32602);
      }, 30_000);
    },
  );

  describe('how stateless exchanges are framed', () => {
    let idp: TestIssuer;
    let servers: Array<{ app: INestApplication; endpoint: string }>;
    let token: string;

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      servers = [await start(adapter, idp), await start(adapter, idp, true)];
      token = await idp.mint({ subject: 'alice' });
    });
    afterAll(async () => {
      await Promise.all(servers.map(({ app }) => app.close()));
      await idp.close();
    });

    const legacy = (
      endpoint: string,
      method: string,
      params: Record<string, unknown> = {},
      headers: Record<string, string> = mcpHeaders(token),
    ) =>
      fetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ jsonrpc: '2.0', id: 7, method, params }),
      });
    const modern = (
      endpoint: string,
      method: string,
      params: Record<string, unknown>,
      name?: string,
    ) =>
      fetch(endpoint, {
        method: 'POST',
        headers: modernHeaders(token, method, name),
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 7,
          method,
          params: {
            ...params,
            _meta: { ...MODERN_META, ...(params._meta as object) },
          },
        }),
      });
    const contentType = (response: Response) =>
      response.headers.get('content-type')?.split(';')[0];

    it.each([
      ['tools/list', {}],
      ['tools/call', { name: 'count_up', arguments: {} }],
      ['resources/read', { uri: 'config://app' }],
      ['prompts/list', {}],
    ])(
      '2025 era: %s that streams nothing is answered as one JSON body',
      async (method, params) => {
        const response = await legacy(servers[0].endpoint, method, params);
        expect(response.status).toBe(200);
        expect(contentType(response)).toBe('application/json');
        const body = (await response.json()) as { id: number; result: object };
        expect(body.id).toBe(7);
        expect(body.result).toBeDefined();
      },
    );

    it('2025 era: a call asking for progress streams it, then the result (SSE)', async () => {
      const response = await legacy(servers[0].endpoint, 'tools/call', {
        name: 'count_up',
        arguments: {},
        _meta: { progressToken: 'p1' },
      });
      expect(contentType(response)).toBe('text/event-stream');
      const text = await response.text();
      expect(text.match(/notifications\/progress/g)).toHaveLength(2);
      expect(text).toContain('counted');
    });

    it('2025 era: with logging enabled, a tool call keeps SSE (a handler may log)', async () => {
      const response = await legacy(servers[1].endpoint, 'tools/call', {
        name: 'count_up',
        arguments: {},
      });
      expect(contentType(response)).toBe('text/event-stream');
      expect(await response.text()).toContain('counted');
      const list = await legacy(servers[1].endpoint, 'tools/list');
      expect(contentType(list)).toBe('application/json');
    });

    it('2025 era: a client that does not accept SSE is refused as before (406)', async () => {
      const response = await legacy(
        servers[0].endpoint,
        'tools/list',
        {},
        { ...mcpHeaders(token), accept: 'application/json' },
      );
      expect(response.status).toBe(406);
    });

    it('2026-07-28: JSON unless the call sends something first', async () => {
      const call = { name: 'count_up', arguments: {} };
      const plain = await modern(
        servers[0].endpoint,
        'tools/call',
        call,
        'count_up',
      );
      expect(contentType(plain)).toBe('application/json');
      const progress = await modern(
        servers[0].endpoint,
        'tools/call',
        { ...call, _meta: { progressToken: 'p2' } },
        'count_up',
      );
      expect(contentType(progress)).toBe('text/event-stream');
      expect(
        (await progress.text()).match(/notifications\/progress/g),
      ).toHaveLength(2);
    });
  });
});
