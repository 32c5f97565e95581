import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { McpAuthModule } from '@nest-mcp/auth';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import {
  McpServerConfigError,
  McpServerModule,
  type McpServerModuleOptions,
} from '@nest-mcp/server';
import { Test } from '@nestjs/testing';
import {
  CatalogProvider,
  DuplicatePrompt,
  DuplicateResource,
  DuplicateTemplate,
  FailingCatalog,
  MissingLister,
} from './support/catalog.fixture.js';
import { EnhancedTools } from './support/enhanced-tools.fixture.js';
import { listen } from './support/listen.js';
import { connectMcpClient, mcpHeaders } from './support/mcp-client.js';
import {
  connectV2Client,
  modernBody,
  modernHeaders,
} from './support/mcp-client-v2.js';
import {
  connectSeeing,
  ERA_CLIENTS,
  type EraClient,
} from './support/era-clients.js';
import type { SeenAnswer } from './support/recording-fetch.js';
import { insufficientScope, TEST_RESOURCE } from './support/step-up.js';
import {
  HTTP_ADAPTERS,
  type HttpAdapterName,
} from './support/http-adapters.js';

const RESOURCE = TEST_RESOURCE;
const challenge = insufficientScope;

/**
 * An app serving `CatalogProvider` (and `extra` providers) behind `McpAuthModule` trusting `idp`
 * (no `McpAuthModule` with `requireAuth: false`).
 */
async function startCatalog(
  adapter: HttpAdapterName,
  idp: TestIssuer,
  extra: Array<new (...args: never[]) => unknown> = [],
  server: Partial<McpServerModuleOptions> = {},
) {
  const { app, url } = await listen(
    {
      imports: [
        ...(server.requireAuth === false
          ? []
          : [McpAuthModule.forRoot(idp.authOptions(RESOURCE))]),
        McpServerModule.forRoot({
          name: 'catalog',
          version: '1.0.0',
          ...server,
        }),
      ],
      providers: [CatalogProvider, ...extra],
    },
    undefined,
    { adapter },
  );
  return { app, endpoint: `${url}/mcp` };
}

type Named = { name: string };

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  describe.each(ERA_CLIENTS)(
    'resources, templates, prompts and completions with the %s',
    (_label, connectWith) => {
      let idp: TestIssuer;
      let app: INestApplication;
      let endpoint: string;
      let catalog: CatalogProvider;
      const open: EraClient[] = [];

      const connect = async (subject: string, scope?: string) => {
        const token = await idp.mint({ subject, scope });
        const connected = await connectSeeing(connectWith, endpoint, token);
        open.push(connected.client);
        return connected;
      };
      const refusal = (promise: Promise<unknown>) =>
        promise.then(
          () => undefined,
          (error: unknown) => error,
        );
      const lastAnswer = (seen: SeenAnswer[]) => seen[seen.length - 1];

      beforeAll(async () => {
        idp = await startTestIssuer({ audience: RESOURCE });
        ({ app, endpoint } = await startCatalog(adapter, idp, [EnhancedTools]));
        catalog = app.get(CatalogProvider);
      });
      afterAll(async () => {
        await Promise.all(open.splice(0).map((client) => client.close()));
        await app.close();
        await idp.close();
      });

      it.each([
        [
          undefined,
          ['alice://diary', 'config://app'],
          ['profile'],
          ['greet', 'recap'],
        ],
        [
          'admin vault',
          ['alice://diary', 'config://app', 'secret://plans'],
          ['profile', 'vault'],
          ['audit', 'greet', 'recap'],
        ],
      ])(
        'with scope %p lists only what the caller may use, in key order',
        async (scope, uris, templates, prompts) => {
          const { client } = await connect('alice', scope);
          const listed = await client.listResources();
          expect(listed.resources.map((resource) => resource.uri)).toEqual(
            uris,
          );
          expect(
            listed.resources.find((r) => r.uri === 'config://app'),
          ).toEqual({
            uri: 'config://app',
            name: 'config',
            title: 'App config',
            description: 'Settings of the app',
            mimeType: 'application/json',
          });
          const { resourceTemplates } = await client.listResourceTemplates();
          expect(resourceTemplates.map((template) => template.name)).toEqual(
            templates,
          );
          expect(resourceTemplates[0]).toMatchObject({
            name: 'profile',
            uriTemplate: 'users://{id}/profile',
            mimeType: 'application/json',
          });
          const listedPrompts = await client.listPrompts();
          expect(listedPrompts.prompts.map((prompt) => prompt.name)).toEqual(
            prompts,
          );
          expect(
            listedPrompts.prompts.find((prompt) => prompt.name === 'greet'),
          ).toMatchObject({
            title: 'Greeting',
            description: 'Greets someone',
            arguments: [
              { name: 'name', description: 'Who to greet', required: true },
              { name: 'tone', description: 'warm or formal', required: false },
            ],
          });
        },
        30_000,
      );

      it('reads a resource through its Nest handler (@ResourceUri(), JSON as text)', async () => {
        const { client } = await connect('alice');
        const { contents } = await client.readResource({ uri: 'config://app' });
        expect(contents).toEqual([
          {
            uri: 'config://app',
            mimeType: 'application/json',
            text: JSON.stringify({ theme: 'dark', readAt: 'config://app' }),
          },
        ]);
      }, 30_000);

      it('reads a template resource with its variables, the caller and the SDK context', async () => {
        const { client } = await connect('alice');
        const { contents } = await client.readResource({
          uri: 'users://bob/profile',
        });
        expect(JSON.parse(contents[0].text ?? '')).toEqual({
          id: 'bob',
          askedBy: 'alice',
          method: 'resources/read',
        });
      }, 30_000);

      it('a NotFoundException in the handler answers exactly as an unknown URI does', async () => {
        const { client } = await connect('alice');
        const thrown = await refusal(
          client.readResource({ uri: 'users://nobody/profile' }),
        );
        const unknown = await refusal(client.readResource({ uri: 'nope://x' }));
        expect(String(thrown)).toMatch(
          /Resource not found: users:\/\/nobody\/profile/,
        );
        expect(String(unknown)).toMatch(/Resource not found: nope:\/\/x/);
        expect((thrown as { code?: number }).code).toBe(
          (unknown as { code?: number }).code,
        );
      }, 30_000);

      it('runs guards on a resource: a refusal is a JSON-RPC error, not a 500', async () => {
        const alice = await connect('alice');
        expect(
          (await alice.client.readResource({ uri: 'alice://diary' }))
            .contents[0].text,
        ).toBe('diary of alice');
        const mallory = await connect('mallory');
        const refused = await refusal(
          mallory.client.readResource({ uri: 'alice://diary' }),
        );
        expect(String(refused)).toMatch(/Forbidden resource/);
        expect(lastAnswer(mallory.seen).status).toBe(200);
      }, 30_000);

      it('gets a prompt through its Nest handler (arguments, interceptor, owner)', async () => {
        const { client } = await connect('alice');
        const result = await client.getPrompt({
          name: 'greet',
          arguments: { name: 'Ann', tone: 'warm' },
        });
        expect(result).toMatchObject({
          description: 'Greets someone',
          messages: [
            {
              role: 'user',
              content: {
                type: 'text',
                text: 'Say hello to Ann (warm), from alice\n-- signed',
              },
            },
          ],
        });
        const recap = await client.getPrompt({
          name: 'recap',
          arguments: { topic: 'news' },
        });
        expect(recap.messages[0].content.text).toBe('Recap news');
      }, 30_000);

      it('refuses prompt arguments that fail the schema, before the handler', async () => {
        const { client } = await connect('alice');
        const refused = await refusal(
          client.getPrompt({ name: 'greet', arguments: {} }),
        );
        expect(String(refused)).toMatch(/Invalid arguments for prompt greet/);
      }, 30_000);

      it('completes prompt arguments (a function) and template variables (a Nest method with the caller)', async () => {
        const { client } = await connect('dora');
        const tone = await client.complete({
          ref: { type: 'ref/prompt', name: 'greet' },
          argument: { name: 'tone', value: 'f' },
          context: { arguments: { name: 'Ann' } },
        });
        expect(tone.completion.values).toEqual(['formal', 'for Ann']);
        const ids = await client.complete({
          ref: { type: 'ref/resource', uri: 'users://{id}/profile' },
          argument: { name: 'id', value: 'd' },
        });
        expect(ids.completion.values).toEqual(['dora']);
        const all = await client.complete({
          ref: { type: 'ref/resource', uri: 'users://{id}/profile' },
          argument: { name: 'id', value: '' },
        });
        expect(all.completion.values).toEqual(['dora', 'bob', 'carol']);
        const topics = await client.complete({
          ref: { type: 'ref/prompt', name: 'recap' },
          argument: { name: 'topic', value: '' },
          context: { arguments: { mood: 'calm' } },
        });
        expect(topics.completion.values).toEqual([
          'news',
          'sports',
          JSON.stringify({ mood: 'calm' }),
        ]);
      }, 30_000);

      it.each([
        [
          'a scoped resource',
          (client: EraClient) => client.readResource({ uri: 'secret://plans' }),
          'admin',
          'plans' as const,
        ],
        [
          'a template scoped by @RequireScopes()',
          (client: EraClient) => client.readResource({ uri: 'vault://gold' }),
          'vault',
          'vault' as const,
        ],
        [
          'a scoped prompt',
          (client: EraClient) => client.getPrompt({ name: 'audit' }),
          'admin',
          'audit' as const,
        ],
        [
          'the completion of a scoped template',
          (client: EraClient) =>
            client.complete({
              ref: { type: 'ref/resource', uri: 'vault://{item}' },
              argument: { name: 'item', value: '' },
            }),
          'vault',
          'vaultKeys' as const,
        ],
      ])(
        '%s answers HTTP 403 insufficient_scope with the step-up challenge before its handler runs',
        async (_what, use, scope, handler) => {
          const before = catalog.runs[handler];
          const { client, seen } = await connect('alice', 'notes:read');
          const refused = await refusal(use(client));
          expect(String(refused)).toMatch(/403|insufficient.?scope/i);
          expect(lastAnswer(seen)).toEqual({
            status: 403,
            wwwAuthenticate: challenge(`${scope} notes:read`),
          });
          expect(catalog.runs[handler]).toBe(before);
          const granted = await connect('alice', scope);
          await use(granted.client);
          expect(catalog.runs[handler]).toBe(before + 1);
        },
        30_000,
      );
    },
  );

  describe('resources and prompts on the 2026-07-28 wire, and at boot', () => {
    let idp: TestIssuer;
    let app: INestApplication;
    let endpoint: string;

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      ({ app, endpoint } = await startCatalog(adapter, idp, [FailingCatalog]));
    });
    const rpc = async (method: string, params: Record<string, unknown>) => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: modernHeaders(
          await idp.mint(),
          method,
          (params.name ?? params.uri) as string | undefined,
        ),
        body: modernBody(method, params),
      });
      return { status: res.status, text: await res.text() };
    };

    it.each([
      [
        'an unexpected error in a resource handler',
        'resources/read',
        { uri: 'broken://resource' },
        -32603,
        'Resource "broken://resource" failed',
      ],
      [
        'an HttpException in a prompt handler (its message)',
        'prompts/get',
        { name: 'refusing' },
        -32602,
        'This prompt cannot be given',
      ],
      [
        'a prompt handler returning no prompt',
        'prompts/get',
        { name: 'shapeless' },
        -32603,
        'Prompt "shapeless" failed',
      ],
      [
        'a completer returning no strings',
        'completion/complete',
        {
          ref: { type: 'ref/resource', uri: 'fail://{x}' },
          argument: { name: 'x', value: '' },
        },
        -32603,
        'Completion of "x" of resource template "fail://{x}" failed',
      ],
    ])(
      '%s is a JSON-RPC error with no internals, never a 500',
      async (_what, method, params, code, message) => {
        const { status, text } = await rpc(method, params);
        expect(status).toBe(200);
        expect(JSON.parse(text).error).toMatchObject({ code, message });
        expect(text).not.toMatch(/secret-path|at .*\.ts/);
      },
    );
    afterAll(async () => {
      await app.close();
      await idp.close();
    });

    it.each(['resources/list', 'resources/templates/list', 'prompts/list'])(
      '%s is cacheable only by this client (cacheScope "private")',
      async (method) => {
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: modernHeaders(await idp.mint(), method),
          body: modernBody(method),
        });
        expect(res.status).toBe(200);
        const { result } = (await res.json()) as {
          result: Record<string, unknown>;
        };
        expect(result).toMatchObject({
          resultType: 'complete',
          ttlMs: 0,
          cacheScope: 'private',
        });
      },
    );

    it('a hidden scoped resource still answers 403, not "not found"', async () => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: modernHeaders(await idp.mint(), 'resources/read'),
        body: modernBody('resources/read', { uri: 'SECRET://plans' }),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toBe(challenge('admin'));
    });

    it.each([
      [
        DuplicateResource,
        /resource "config:\/\/app".*CatalogProvider\.config and DuplicateResource\.again.*URIs must be unique/,
      ],
      [
        DuplicateTemplate,
        /resource template "users:\/\/\{id\}\/profile".*CatalogProvider\.profile and DuplicateTemplate\.again/,
      ],
      [
        DuplicatePrompt,
        /prompt "greet".*CatalogProvider\.greet and DuplicatePrompt\.again.*names must be unique/,
      ],
      [
        MissingLister,
        /resource template "drafts:\/\/\{id\}" list.*MissingLister has no method "drafts"/,
      ],
    ])(
      'fails at boot on a duplicate or a missing list method (%p), naming the places',
      async (duplicate, message) => {
        const boot = Test.createTestingModule({
          imports: [
            McpAuthModule.forRoot(idp.authOptions(RESOURCE)),
            McpServerModule.forRoot({ name: 'test', version: '1.0.0' }),
          ],
          providers: [CatalogProvider, duplicate],
        })
          .compile()
          .then((moduleRef) =>
            moduleRef.createNestApplication({ logger: false }).init(),
          );
        await expect(boot).rejects.toThrow(McpServerConfigError);
        await expect(boot).rejects.toThrow(message);
      },
    );
  });

  describe('resources, templates and prompts in stateful 2025 sessions', () => {
    let idp: TestIssuer;
    let app: INestApplication;
    let endpoint: string;

    /** One JSON-RPC request in session `sessionId` with `token`; the result (JSON or one SSE event). */
    const inSession = async (
      sessionId: string,
      token: string,
      method: string,
      params: Record<string, unknown> = {},
    ) => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: mcpHeaders(token, { 'mcp-session-id': sessionId }),
        body: JSON.stringify({ jsonrpc: '2.0', id: 7, method, params }),
      });
      const text = await res.text();
      const data = text.match(/^data: (.*)$/m)?.[1] ?? text;
      return { status: res.status, body: data ? JSON.parse(data) : undefined };
    };

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      ({ app, endpoint } = await startCatalog(adapter, idp, [], {
        stateful: true,
      }));
    });
    const open: Array<{ close(): Promise<void> }> = [];
    afterAll(async () => {
      // Open sessions first, so that a failed test never leaves the server waiting on one.
      await Promise.all(open.splice(0).map((client) => client.close()));
      await app.close();
      await idp.close();
    });

    it('shows per request what its token may use, completes for the session owner, checks scopes first', async () => {
      const plain = await idp.mint({ subject: 'alice' });
      const wide = await idp.mint({ subject: 'alice', scope: 'admin vault' });
      const { client, transport } = await connectMcpClient(endpoint, plain);
      open.push(client);
      const sessionId = transport.sessionId as string;
      expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
      const templateNames = async (token: string) =>
        (
          (await inSession(sessionId, token, 'resources/templates/list')).body
            .result.resourceTemplates as Named[]
        ).map((template) => template.name);

      expect(
        (await client.listResourceTemplates()).resourceTemplates.map(
          (template) => template.name,
        ),
      ).toEqual(['profile']);
      expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual([
        'greet',
        'recap',
      ]);
      expect(await templateNames(wide)).toEqual(['profile', 'vault']);
      expect(await templateNames(plain)).toEqual(['profile']);
      expect(await templateNames(wide)).toEqual(['profile', 'vault']);

      const ids = await client.complete({
        ref: { type: 'ref/resource', uri: 'users://{id}/profile' },
        argument: { name: 'id', value: 'a' },
      });
      expect(ids.completion.values).toEqual(['alice']);
      const read = await client.readResource({ uri: 'users://bob/profile' });
      expect(
        JSON.parse((read.contents[0] as { text: string }).text),
      ).toMatchObject({
        id: 'bob',
        askedBy: 'alice',
      });

      const refused = await inSession(sessionId, plain, 'resources/read', {
        uri: 'vault://gold',
      });
      expect(refused.status).toBe(403);
      const served = await inSession(sessionId, wide, 'resources/read', {
        uri: 'vault://gold',
      });
      expect(served.body.result.contents[0].text).toBe('item gold');
    }, 30_000);
  });

  describe('resources and prompts with other server options', () => {
    let idp: TestIssuer;
    const apps: INestApplication[] = [];
    const open: Array<{ close(): Promise<void> }> = [];
    const start = async (server: Partial<McpServerModuleOptions>) => {
      const { app, endpoint } = await startCatalog(adapter, idp, [], server);
      apps.push(app);
      return endpoint;
    };

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
    });
    afterAll(async () => {
      await Promise.all(open.splice(0).map((client) => client.close()));
      await Promise.all(apps.map((app) => app.close()));
      await idp.close();
    });

    it.each([{ hideUnauthorized: false }, { hideUnauthorizedTools: false }])(
      '%p lists every resource, template and prompt, and still refuses a scoped read with 403',
      async (server) => {
        const endpoint = await start(server);
        const client = await connectV2Client(endpoint, await idp.mint(), {
          pin: '2026-07-28',
        });
        open.push(client);
        expect(
          (await client.listResources()).resources.map((r) => r.uri),
        ).toContain('secret://plans');
        expect(
          (await client.listResourceTemplates()).resourceTemplates.map(
            (t) => t.name,
          ),
        ).toEqual(['profile', 'vault']);
        expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(
          ['audit', 'greet', 'recap'],
        );
        await expect(
          client.readResource({ uri: 'secret://plans' }),
        ).rejects.toThrow(/403|insufficient.?scope/i);
      },
      30_000,
    );

    it('without McpAuthModule (requireAuth: false) serves unscoped items and refuses scoped ones with 403', async () => {
      const endpoint = await start({ requireAuth: false });
      const { client } = await connectMcpClient(endpoint);
      open.push(client);
      const { contents } = await client.readResource({ uri: 'config://app' });
      expect(contents[0]).toMatchObject({ uri: 'config://app' });
      const tone = await client.complete({
        ref: { type: 'ref/prompt', name: 'greet' },
        argument: { name: 'tone', value: 'w' },
      });
      expect(tone.completion.values).toEqual(['warm']);
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: mcpHeaders(),
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'prompts/get',
          params: { name: 'audit' },
        }),
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({
        error: {
          code: -32001,
          message: 'Forbidden: this prompt needs an authenticated caller',
        },
      });
    }, 30_000);
  });
});
