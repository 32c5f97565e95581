import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Injectable,
  type INestApplication,
  type Provider,
} from '@nestjs/common';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpAuthModule, ResourceOwner } from '@nest-mcp/auth';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import {
  McpServerModule,
  ResourceTemplate,
  ResourceVariables,
} from '@nest-mcp/server';
import {
  HTTP_ADAPTERS,
  type HttpAdapterName,
} from './support/http-adapters.js';
import { CatalogProvider } from './support/catalog.fixture.js';
import { EnhancedTools } from './support/enhanced-tools.fixture.js';
import { ERA_CLIENTS, type EraClient } from './support/era-clients.js';
import { listen } from './support/listen.js';
import { connectMcpClient } from './support/mcp-client.js';
import { modernBody, modernHeaders } from './support/mcp-client-v2.js';
import { TEST_RESOURCE } from './support/step-up.js';

/** A template whose `list` names the caller's own notes: its part of `resources/list` is per call. */
@Injectable()
class OwnNotes {
  @ResourceTemplate({
    uriTemplate: 'notes://{owner}',
    name: 'notes',
    list: 'mine',
  })
  notes(@ResourceVariables('owner') owner: string) {
    return `notes of ${owner}`;
  }

  mine(@ResourceOwner('subject') subject: string) {
    return [{ uri: `notes://${subject}`, name: `notes of ${subject}` }];
  }
}

/** The items each list shows only to a caller granted `admin` (or `vault`) in the fixtures. */
const SCOPED = {
  'tools/list': ['admin_only'],
  'resources/list': ['secret://plans'],
  'resources/templates/list': ['vault://{item}'],
  'prompts/list': ['audit'],
} as const;
type ListMethod = keyof typeof SCOPED;
const LISTS = Object.keys(SCOPED) as ListMethod[];
const ITEMS = {
  'tools/list': 'tools',
  'resources/list': 'resources',
  'resources/templates/list': 'resourceTemplates',
  'prompts/list': 'prompts',
} as const;
const keyOf = (item: Record<string, unknown>) =>
  String(item.uriTemplate ?? item.uri ?? item.name);

/**
 * Starts, before the suite's tests, a test issuer and an app serving `providers` through
 * `McpServerModule` (with `serverOptions`) behind `McpAuthModule` on `adapter`; stops both after.
 */
function listsApp(
  adapter: HttpAdapterName,
  providers: Provider[],
  serverOptions: { stateful?: boolean } = {},
) {
  const state = {} as {
    idp: TestIssuer;
    app: INestApplication;
    endpoint: string;
  };
  beforeAll(async () => {
    state.idp = await startTestIssuer({ audience: TEST_RESOURCE });
    const started = await listen(
      {
        imports: [
          McpAuthModule.forRoot(state.idp.authOptions(TEST_RESOURCE)),
          McpServerModule.forRoot({
            name: 'lists',
            version: '1.0.0',
            ...serverOptions,
          }),
        ],
        providers,
      },
      undefined,
      { adapter },
    );
    state.app = started.app;
    state.endpoint = `${started.url}/mcp`;
  });
  afterAll(async () => {
    await state.app?.close();
    await state.idp?.close();
  });
  return state;
}

describe.each(HTTP_ADAPTERS)(
  'lists computed once per visible set, on one server on %s',
  (adapter) => {
    const served = listsApp(adapter, [EnhancedTools, CatalogProvider]);

    /** One MCP 2026-07-28 list call with a token granted `scope`: the whole result. */
    const list = async (method: ListMethod, scope?: string) => {
      const res = await fetch(served.endpoint, {
        method: 'POST',
        headers: modernHeaders(await served.idp.mint({ scope }), method),
        body: modernBody(method),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { result: Record<string, unknown> }).result;
    };
    const keysIn = (method: ListMethod, result: Record<string, unknown>) =>
      (result[ITEMS[method]] as Array<Record<string, unknown>>).map(keyOf);

    it.each(LISTS)(
      '%s: an item shown to one caller is hidden from the next, and shown again to the one after',
      async (method) => {
        const shown = [...SCOPED[method]];
        // Alternating callers, twice each: the second time of each set is served from the cache.
        for (const scope of [
          'admin vault',
          undefined,
          'admin vault',
          undefined,
        ]) {
          const keys = keysIn(method, await list(method, scope));
          if (scope) expect(keys).toEqual(expect.arrayContaining(shown));
          else for (const key of shown) expect(keys).not.toContain(key);
          expect(keys).toEqual([...keys].sort());
        }
      },
      30_000,
    );

    it.each(LISTS)(
      '%s: a hidden item is absent exactly: the list is the full one without it, in the same order',
      async (method) => {
        const full = await list(method, 'admin vault');
        const partial = await list(method, undefined);
        const items = ITEMS[method];
        const hidden = new Set<string>(SCOPED[method]);
        expect(partial[items]).toEqual(
          (full[items] as Array<Record<string, unknown>>).filter(
            (item) => !hidden.has(keyOf(item)),
          ),
        );
      },
      30_000,
    );

    it.each(LISTS)(
      '%s: the list of one scope set is never served to another, even right after it',
      async (method) => {
        const scopes = ['admin', 'vault', 'admin vault', 'other', undefined];
        const first = new Map<string | undefined, string[]>();
        for (const scope of scopes)
          first.set(scope, keysIn(method, await list(method, scope)));
        // Again in reverse: each set still gets its own list, whatever was asked before.
        for (const scope of [...scopes].reverse())
          expect(keysIn(method, await list(method, scope))).toEqual(
            first.get(scope),
          );
        const admin = first.get('admin')!;
        const none = first.get(undefined)!;
        if (method === 'resources/templates/list') {
          expect(first.get('vault')).toContain('vault://{item}');
          expect(admin).not.toContain('vault://{item}');
        } else {
          expect(admin).toEqual(expect.arrayContaining([...SCOPED[method]]));
          expect(first.get('vault')).toEqual(none);
        }
        expect(first.get('other')).toEqual(none);
      },
      30_000,
    );

    it.each(LISTS)(
      '%s served from the cache stays cacheable only by this client (cacheScope "private")',
      async (method) => {
        for (let i = 0; i < 2; i++) {
          expect(await list(method, 'admin')).toMatchObject({
            resultType: 'complete',
            ttlMs: 0,
            cacheScope: 'private',
          });
        }
      },
      30_000,
    );
  },
);

describe.each(HTTP_ADAPTERS)('cached lists on %s', (adapter) => {
  describe.each(ERA_CLIENTS)('with the %s', (_label, connectWith) => {
    // Hooks run in the order declared: the clients close before the app does.
    const open: EraClient[] = [];
    afterAll(() => Promise.all(open.map((client) => client.close())));
    const served = listsApp(adapter, [
      EnhancedTools,
      CatalogProvider,
      OwnNotes,
    ]);
    const toolsOf = async (client: EraClient) =>
      (
        await (
          client as unknown as {
            listTools(): Promise<{ tools: Array<{ name: string }> }>;
          }
        ).listTools()
      ).tools.map((tool) => tool.name);
    const connect = async (subject: string, scope?: string) => {
      const client = await connectWith(
        served.endpoint,
        await served.idp.mint({ subject, scope }),
        fetch,
      );
      open.push(client);
      return client;
    };

    it('shows each caller its own lists, interleaved on one server', async () => {
      const admin = await connect('alice', 'admin vault');
      const plain = await connect('bob');
      for (let round = 0; round < 2; round++) {
        const [adminTools, plainTools] = [
          await toolsOf(admin),
          await toolsOf(plain),
        ];
        expect(adminTools).toContain('admin_only');
        expect(plainTools).not.toContain('admin_only');
        const [adminPrompts, plainPrompts] = [
          await admin.listPrompts(),
          await plain.listPrompts(),
        ];
        expect(adminPrompts.prompts.map((p) => p.name)).toContain('audit');
        expect(plainPrompts.prompts.map((p) => p.name)).not.toContain('audit');
        const [adminTemplates, plainTemplates] = [
          await admin.listResourceTemplates(),
          await plain.listResourceTemplates(),
        ];
        expect(
          adminTemplates.resourceTemplates.map((t) => t.uriTemplate),
        ).toContain('vault://{item}');
        expect(
          plainTemplates.resourceTemplates.map((t) => t.uriTemplate),
        ).not.toContain('vault://{item}');
      }
    }, 30_000);

    it("lists a template's resources per call (its list method sees the caller), never from the cache", async () => {
      const alice = await connect('alice', 'admin');
      const bob = await connect('bob');
      for (let round = 0; round < 2; round++) {
        const aliceUris = (await alice.listResources()).resources.map(
          (resource) => resource.uri,
        );
        const bobUris = (await bob.listResources()).resources.map(
          (resource) => resource.uri,
        );
        expect(aliceUris).toEqual(
          expect.arrayContaining(['notes://alice', 'secret://plans']),
        );
        expect(aliceUris).not.toContain('notes://bob');
        expect(bobUris).toContain('notes://bob');
        expect(bobUris).not.toContain('notes://alice');
        expect(bobUris).not.toContain('secret://plans');
      }
    }, 30_000);
  });
});

describe.each(HTTP_ADAPTERS)('a stateful 2025 session on %s', (adapter) => {
  describe.each([
    ['lists from the cache', [EnhancedTools, CatalogProvider]],
    [
      'a listing template (resources/list per call)',
      [EnhancedTools, CatalogProvider, OwnNotes],
    ],
  ])('%s', (_label, providers) => {
    const served = listsApp(adapter, providers, { stateful: true });

    /** An SDK v1 session whose requests carry whichever token `tokens.current` holds. */
    const session = async (first: string) => {
      const tokens = { current: first };
      const swapping: typeof fetch = (input, init) => {
        const headers = new Headers(init?.headers);
        headers.set('authorization', `Bearer ${tokens.current}`);
        return fetch(input, { ...init, headers });
      };
      const { client } = await connectMcpClient(
        served.endpoint,
        undefined,
        swapping,
      );
      return { client, tokens };
    };
    const listsOf = async (client: Client) => ({
      tools: (await client.listTools()).tools.map((tool) => tool.name),
      resources: (await client.listResources()).resources.map((r) => r.uri),
      templates: (await client.listResourceTemplates()).resourceTemplates.map(
        (template) => template.uriTemplate,
      ),
      prompts: (await client.listPrompts()).prompts.map((p) => p.name),
    });
    it('follows the scopes of each request: items hidden when a token lacks them, shown again when one has them', async () => {
      const alice = await session(
        await served.idp.mint({ subject: 'alice', scope: 'admin vault' }),
      );
      const bob = await session(await served.idp.mint({ subject: 'bob' }));
      try {
        const wide = await listsOf(alice.client);
        expect(wide.tools).toContain('admin_only');
        expect(wide.resources).toContain('secret://plans');
        expect(wide.templates).toContain('vault://{item}');
        expect(wide.prompts).toContain('audit');
        // Bob's session, between two of Alice's, is never shown her lists.
        const narrow = await listsOf(bob.client);
        expect(narrow.tools).not.toContain('admin_only');
        expect(narrow.resources).not.toContain('secret://plans');
        expect(narrow.templates).not.toContain('vault://{item}');
        expect(narrow.prompts).not.toContain('audit');
        // Alice, same session, now with a token without those scopes: Bob's view, item for item.
        alice.tokens.current = await served.idp.mint({ subject: 'alice' });
        const reduced = await listsOf(alice.client);
        expect(reduced.tools).toEqual(narrow.tools);
        expect(reduced.templates).toEqual(narrow.templates);
        expect(reduced.prompts).toEqual(narrow.prompts);
        expect(reduced.resources).not.toContain('secret://plans');
        // Calling it is a step-up 403 (MCP 2026-07-28 authorization), as for any scoped tool.
        await expect(
          alice.client.callTool({ name: 'admin_only', arguments: {} }),
        ).rejects.toThrow(/403.*insufficient_scope/);
        // And a wide token again: everything is back, and the tool runs.
        alice.tokens.current = await served.idp.mint({
          subject: 'alice',
          scope: 'admin vault',
        });
        expect(await listsOf(alice.client)).toEqual(wide);
        const result = await alice.client.callTool({
          name: 'admin_only',
          arguments: {},
        });
        expect(result.isError).not.toBe(true);
      } finally {
        await alice.client.close();
        await bob.client.close();
      }
    }, 30_000);
  });
});
