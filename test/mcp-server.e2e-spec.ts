import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  Module,
  type INestApplication,
  type ModuleMetadata,
} from '@nestjs/common';
import {
  MCP_AUTH_MODULE_MARKER,
  McpAuthModule,
  McpTokenVerifier,
} from '@nest-mcp/auth';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { McpServerModule, type McpServerModuleOptions } from '@nest-mcp/server';
import { Test } from '@nestjs/testing';
import {
  DuplicateTools,
  EnhancedTools,
} from './support/enhanced-tools.fixture.js';
import {
  createHttpApp,
  HTTP_ADAPTERS,
  listenLoopback,
} from './support/http-adapters.js';
import { listen } from './support/listen.js';
import { connectV2Client } from './support/mcp-client-v2.js';
import {
  connectMcpClient,
  mcpHeaders,
  toolsCall,
} from './support/mcp-client.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';

describe.each(HTTP_ADAPTERS)('@nest-mcp/server on %s', (adapter) => {
  let idp: TestIssuer;
  const apps: INestApplication[] = [];
  const auth = () => McpAuthModule.forRoot(idp.authOptions(RESOURCE));
  const start = async (
    server: Partial<McpServerModuleOptions> = {},
    metadata: ModuleMetadata = {},
  ) => {
    const { app, url } = await listen(
      {
        imports: [
          auth(),
          McpServerModule.forRoot({
            name: 'test',
            version: '1.0.0',
            ...server,
          }),
        ],
        providers: [EnhancedTools],
        ...metadata,
      },
      undefined,
      { adapter },
    );
    apps.push(app);
    return `${url}${server.path ?? '/mcp'}`;
  };
  const textOf = (result: object) =>
    (result as { content: Array<{ text: string }> }).content[0].text;

  beforeAll(async () => {
    idp = await startTestIssuer({ audience: RESOURCE });
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await idp.close();
  });

  describe('tools are Nest handlers', () => {
    let endpoint: string;
    beforeAll(async () => {
      endpoint = await start();
    });

    it('runs guards, interceptors and @ResourceOwner() on a tool', async () => {
      const { client } = await connectMcpClient(
        endpoint,
        await idp.mint({ subject: 'alice' }),
      );
      const result = await client.callTool({
        name: 'guarded_echo',
        arguments: { text: 'hi' },
      });
      expect(result.structuredContent).toEqual({
        text: 'hi',
        subject: 'alice',
        stamped: true,
      });
      await client.close();
    });

    it('a guard refusal becomes an isError result, not an HTTP error', async () => {
      const { client } = await connectMcpClient(
        endpoint,
        await idp.mint({ subject: 'mallory' }),
      );
      const result = await client.callTool({
        name: 'guarded_echo',
        arguments: { text: 'hi' },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe('Forbidden resource');
      await client.close();
    });

    it('an unexpected error becomes a generic isError result with no internals', async () => {
      const { client } = await connectMcpClient(endpoint, await idp.mint());
      const result = await client.callTool({ name: 'explode', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe('Tool "explode" failed');
      expect(JSON.stringify(result)).not.toMatch(/secret-path|at .*\.ts/);
      await client.close();
    });

    it("an HttpException's message is shown to the client", async () => {
      const { client } = await connectMcpClient(endpoint, await idp.mint());
      const result = await client.callTool({ name: 'refuse', arguments: {} });
      expect(result).toMatchObject({
        isError: true,
        content: [{ type: 'text', text: 'The request cannot be done' }],
      });
      await client.close();
    });

    it('exposes the verified identity to the SDK as authInfo, and @Headers() reads the request', async () => {
      const token = await idp.mint({ subject: 'alice', scope: 'admin' });
      const { client } = await connectMcpClient(endpoint, token);
      const result = await client.callTool({
        name: 'auth_info',
        arguments: {},
      });
      expect(result.structuredContent).toEqual({
        clientId: 'test-client',
        scopes: ['admin'],
        resource: RESOURCE,
        subject: 'alice',
        tokenIsTheBearerToken: true,
      });
      await client.close();
    });

    it('runs a scoped tool when the token carries its scope', async () => {
      const token = await idp.mint({ subject: 'alice', scope: 'admin' });
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: mcpHeaders(token),
        body: toolsCall('admin_only'),
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('{\\"ok\\":true}');
    });
  });

  describe('HTTP hardening of the endpoint (MCP Streamable HTTP)', () => {
    let endpoint: string;
    let token: string;
    beforeAll(async () => {
      endpoint = await start();
      token = await idp.mint();
    });

    it('refuses a foreign Origin with 403 before authentication (DNS rebinding)', async () => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: mcpHeaders(undefined, { origin: 'http://evil.example' }),
        body: toolsCall('admin_only'),
      });
      expect(res.status).toBe(403);
    });

    it('accepts loopback and the resource origin, and requests without Origin', async () => {
      for (const origin of [
        'http://localhost:6274',
        'http://127.0.0.1:3000',
        undefined,
      ]) {
        const extra: Record<string, string> = origin ? { origin } : {};
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: mcpHeaders(token, extra),
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
        });
        expect(res.status).toBe(200);
      }
    });

    it('answers a CORS preflight from an allowed origin without authentication', async () => {
      const res = await fetch(endpoint, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:6274',
          'access-control-request-method': 'POST',
          'access-control-request-headers':
            'authorization, content-type, mcp-protocol-version',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(
        'http://localhost:6274',
      );
      expect(res.headers.get('access-control-allow-headers')).toMatch(
        /Authorization.*Mcp-Protocol-Version/,
      );
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    });

    it('allows the MCP 2026-07-28 request headers in a preflight, Mcp-Param-* as asked', async () => {
      const res = await fetch(endpoint, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:6274',
          'access-control-request-method': 'POST',
          'access-control-request-headers':
            'authorization, mcp-method, mcp-name, mcp-protocol-version, mcp-param-region',
        },
      });
      expect(res.status).toBe(204);
      const allowed = (res.headers.get('access-control-allow-headers') ?? '')
        .toLowerCase()
        .split(/,\s*/);
      for (const name of [
        'authorization',
        'mcp-method',
        'mcp-name',
        'mcp-protocol-version',
        'mcp-param-region',
      ]) {
        expect(allowed).toContain(name);
      }
    });

    it('lets a browser client read WWW-Authenticate and Mcp-Session-Id (CORS expose)', async () => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: mcpHeaders(undefined, { origin: 'http://localhost:6274' }),
        body: toolsCall('admin_only'),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('access-control-allow-origin')).toBe(
        'http://localhost:6274',
      );
      expect(res.headers.get('access-control-expose-headers')).toMatch(
        /WWW-Authenticate.*Mcp-Session-Id/,
      );
    });

    it('gives no CORS headers to a preflight from a foreign origin', async () => {
      const res = await fetch(endpoint, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://evil.example',
          'access-control-request-method': 'POST',
        },
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });

    it.each([
      ['malformed JSON', '{"jsonrpc":', 400],
      ['a JSON-RPC message of the wrong shape', '{"hello":"world"}', 400],
    ])('answers %s with a 4xx, never a 5xx', async (_label, body, status) => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: mcpHeaders(token),
        body,
      });
      expect(res.status).toBe(status);
      expect(await res.text()).not.toMatch(/at .*\.(js|ts)/);
    });

    it('answers a wrong Accept with 406', async () => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: mcpHeaders(token, { accept: 'text/html' }),
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(res.status).toBe(406);
    });

    it('answers an oversized body with 413', async () => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: mcpHeaders(token),
        body: toolsCall('add_note', { text: 'x'.repeat(1_100_000) }),
      });
      expect(res.status).toBe(413);
    });
  });

  describe('options', () => {
    it('hideUnauthorizedTools: false lists every tool', async () => {
      const endpoint = await start({ hideUnauthorizedTools: false });
      const { client } = await connectMcpClient(endpoint, await idp.mint());
      expect(
        (await client.listTools()).tools.map((tool) => tool.name),
      ).toContain('admin_only');
      await client.close();
    });

    it('serves at a custom path and stays protected with globalGuard: false', async () => {
      const { app, url } = await listen(
        {
          imports: [
            McpAuthModule.forRoot({
              resource: RESOURCE,
              authorizationServers: [
                { issuer: idp.issuer, jwksUri: idp.jwksUri },
              ],
              globalGuard: false,
            }),
            McpServerModule.forRoot({
              name: 'test',
              version: '1.0.0',
              path: '/tools/mcp',
            }),
          ],
          providers: [EnhancedTools],
        },
        undefined,
        { adapter },
      );
      apps.push(app);
      const res = await fetch(`${url}/tools/mcp`, {
        method: 'POST',
        headers: mcpHeaders(),
        body: toolsCall('admin_only'),
      });
      expect(res.status).toBe(401);
      const { client } = await connectMcpClient(
        `${url}/tools/mcp`,
        await idp.mint({ subject: 'alice' }),
      );
      expect(
        (
          await client.callTool({
            name: 'guarded_echo',
            arguments: { text: 'x' },
          })
        ).isError,
      ).toBeFalsy();
      await client.close();
    });

    it('stateful mode binds a session to its creator: another identity gets 404', async () => {
      const endpoint = await start({ stateful: true });
      const { client, transport } = await connectMcpClient(
        endpoint,
        await idp.mint({ subject: 'alice' }),
      );
      const sessionId = transport.sessionId as string;
      expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
      const list = JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/list',
      });
      const asBob = await fetch(endpoint, {
        method: 'POST',
        headers: mcpHeaders(await idp.mint({ subject: 'bob' }), {
          'mcp-session-id': sessionId,
        }),
        body: list,
      });
      expect(asBob.status).toBe(404);
      const asAlice = await fetch(endpoint, {
        method: 'POST',
        headers: mcpHeaders(await idp.mint({ subject: 'alice' }), {
          'mcp-session-id': sessionId,
        }),
        body: list,
      });
      expect(asAlice.status).toBe(200);
      expect(
        (
          await client.callTool({
            name: 'guarded_echo',
            arguments: { text: 's' },
          })
        ).structuredContent,
      ).toMatchObject({
        subject: 'alice',
      });
      await client.close();
    });

    it('authenticates once per MCP call: one token verification for a tools/call of a guarded, scoped tool', async () => {
      const { app, url } = await listen(
        {
          imports: [
            auth(),
            McpServerModule.forRoot({ name: 'test', version: '1.0.0' }),
          ],
          providers: [EnhancedTools],
        },
        undefined,
        { adapter },
      );
      apps.push(app);
      const verifier = app.get(McpTokenVerifier);
      const ownerOf = jest.spyOn(verifier, 'ownerOf');
      const token = await idp.mint({ subject: 'alice', scope: 'admin' });
      for (const [name, args] of [
        ['guarded_echo', { text: 'once' }],
        ['admin_only', {}],
      ] as const) {
        ownerOf.mockClear();
        const res = await fetch(`${url}/mcp`, {
          method: 'POST',
          headers: mcpHeaders(token),
          body: toolsCall(name, args),
        });
        expect(res.status).toBe(200);
        expect(await res.text()).not.toContain('isError');
        expect(ownerOf).toHaveBeenCalledTimes(1);
      }
      ownerOf.mockRestore();
    });

    it('stateful mode still serves MCP 2026-07-28 clients, statelessly (that revision has no sessions)', async () => {
      const endpoint = await start({ stateful: true });
      const client = await connectV2Client(
        endpoint,
        await idp.mint({ subject: 'alice' }),
        { pin: '2026-07-28' },
      );
      expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      const result = await client.callTool({
        name: 'guarded_echo',
        arguments: { text: 'm' },
      });
      expect(result.structuredContent).toMatchObject({ subject: 'alice' });
      await client.close();
    });

    it("keeps the application's own CORS headers (app.enableCors()) on MCP answers", async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [
          auth(),
          McpServerModule.forRoot({ name: 'test', version: '1.0.0' }),
        ],
        providers: [EnhancedTools],
      }).compile();
      const app = createHttpApp(moduleRef, adapter);
      app.enableCors({ origin: true, credentials: true });
      apps.push(app);
      const url = await listenLoopback(app);
      const res = await fetch(`${url}/mcp`, {
        method: 'POST',
        headers: mcpHeaders(await idp.mint(), { origin: url }),
        body: toolsCall('guarded_echo', { text: 'cors' }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(url);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      await res.text();
    });

    it('is configurable with forRootAsync + useFactory', async () => {
      const { app, url } = await listen(
        {
          imports: [
            auth(),
            McpServerModule.forRootAsync({
              useFactory: async () => ({
                name: 'async-server',
                version: '2.0.0',
              }),
            }),
          ],
          providers: [EnhancedTools],
        },
        undefined,
        { adapter },
      );
      apps.push(app);
      const { client } = await connectMcpClient(`${url}/mcp`, await idp.mint());
      expect(client.getServerVersion()).toEqual({
        name: 'async-server',
        version: '2.0.0',
      });
      await client.close();
    });

    it('fails at boot on duplicate tool names, naming both places', async () => {
      const boot = Test.createTestingModule({
        imports: [
          auth(),
          McpServerModule.forRoot({ name: 'test', version: '1.0.0' }),
        ],
        providers: [EnhancedTools, DuplicateTools],
      })
        .compile()
        .then((moduleRef) =>
          moduleRef.createNestApplication({ logger: false }).init(),
        );
      await expect(boot).rejects.toThrow(
        /tool "explode".*EnhancedTools\.explode and DuplicateTools\.explodeAgain/,
      );
    });

    it('fails at boot without McpAuthModule unless requireAuth is false', async () => {
      const boot = (requireAuth?: boolean) =>
        Test.createTestingModule({
          imports: [
            McpServerModule.forRoot({
              name: 'test',
              version: '1.0.0',
              requireAuth,
            }),
          ],
          providers: [EnhancedTools],
        })
          .compile()
          .then((moduleRef) =>
            moduleRef.createNestApplication({ logger: false }).init(),
          );
      await expect(boot()).rejects.toThrow(
        /requireAuth.*McpAuthModule is not imported/,
      );
      const app = await boot(false);
      apps.push(app);
    });

    it('names a second copy of @nest-mcp/auth as the cause when McpAuthModule is imported from it', async () => {
      // What the McpAuthModule class of another installed copy looks like from here: the same
      // global marker on a class that is not this copy's McpAuthModule.
      @Module({})
      class McpAuthModuleOfSecondCopy {
        static readonly [MCP_AUTH_MODULE_MARKER] = true;
      }
      const boot = (requireAuth?: boolean) =>
        Test.createTestingModule({
          imports: [
            McpAuthModuleOfSecondCopy,
            McpServerModule.forRoot({
              name: 'test',
              version: '1.0.0',
              requireAuth,
            }),
          ],
          providers: [EnhancedTools],
        })
          .compile()
          .then((moduleRef) =>
            moduleRef.createNestApplication({ logger: false }).init(),
          );
      for (const requireAuth of [undefined, false]) {
        const failure = await boot(requireAuth).then(
          () => new Error('booted'),
          (error: unknown) => error as Error,
        );
        expect(failure.message).toMatch(
          /McpAuthModule is imported, but from a second copy of @nest-mcp\/auth/,
        );
        expect(failure.message).toContain('npm ls @nest-mcp/auth');
      }
    });
  });
});
