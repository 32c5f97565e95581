import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  generateSigningKey,
  startTestIssuer,
  type TestIssuer,
} from '@nest-mcp/auth/testing';
import {
  connectMcpClient,
  mcpHeaders,
  toolsCall,
} from './support/mcp-client.js';
import {
  connectV2Client,
  modernBody,
  modernHeaders,
} from './support/mcp-client-v2.js';
import {
  insufficientScope,
  TEST_METADATA_URL,
  TEST_RESOURCE,
} from './support/step-up.js';
import { recipeApp } from './recipes/rekog-mcp-nest.app.js';

/** What both SDK clients offer the suite. */
interface RecipeClient {
  listTools(): Promise<{ tools: Array<{ name: string }> }>;
  callTool(request: {
    name: string;
    arguments: Record<string, unknown>;
  }): Promise<{ content?: unknown; isError?: boolean }>;
  close(): Promise<void>;
}

const eras: Array<
  [string, (endpoint: string, token: string) => Promise<RecipeClient>]
> = [
  [
    'SDK v2 client pinned to 2026-07-28',
    async (endpoint, token) =>
      (await connectV2Client(endpoint, token, {
        pin: '2026-07-28',
      })) as unknown as RecipeClient,
  ],
  [
    'SDK v1 client (2025 era)',
    async (endpoint, token) =>
      (await connectMcpClient(endpoint, token))
        .client as unknown as RecipeClient,
  ],
];

const BARE_CHALLENGE = `Bearer resource_metadata="${TEST_METADATA_URL}"`;

// Express only: a recipe for a third-party MCP module; the guard it relies on is proven on Fastify by the sample suites.
describe('@nest-mcp/auth guarding @rekog/mcp-nest 2.x (docs/recipes/rekog-mcp-nest.md)', () => {
  let idp: TestIssuer;
  let app: INestApplication;
  let base: string;
  let endpoint: string;

  beforeAll(async () => {
    idp = await startTestIssuer();
    const { AppModule, strategy } = recipeApp(
      idp.authOptions(TEST_RESOURCE),
      TEST_METADATA_URL,
    );
    app = await NestFactory.create(AppModule, { logger: false, rawBody: true });
    strategy.setHttpAdapter(app.getHttpAdapter());
    app.connectMicroservice({ strategy });
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    endpoint = `${base}/mcp`;
  });

  afterAll(async () => {
    await app?.close();
    await idp?.close();
  });

  it('answers a request without a token 401 with our challenge (RFC 6750 §3, RFC 9728 §5.1)', async () => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: mcpHeaders(),
      body: toolsCall('whoami'),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(BARE_CHALLENGE);
  });

  it('serves our RFC 9728 metadata at both well-known paths', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
    ]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      const metadata = (await response.json()) as Record<string, unknown>;
      expect(metadata.resource).toBe(TEST_RESOURCE);
      expect(metadata.authorization_servers).toEqual([idp.issuer]);
    }
  });

  describe.each(eras)('with the %s', (_label, connect) => {
    it('lists and calls tools with the verified identity visible inside them', async () => {
      const token = await idp.mint({
        audience: TEST_RESOURCE,
        subject: 'alice',
        scope: 'notes:write',
        claims: { client_id: 'notes-app' },
      });
      const client = await connect(endpoint, token);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name).sort()).toEqual([
          'delete-note',
          'whoami',
        ]);
        expect(
          await client.callTool({ name: 'whoami', arguments: {} }),
        ).toMatchObject({
          content: [{ type: 'text', text: 'alice via notes-app' }],
        });
        expect(
          await client.callTool({
            name: 'delete-note',
            arguments: { id: '7' },
          }),
        ).toMatchObject({
          content: [{ type: 'text', text: 'alice deleted 7' }],
        });
      } finally {
        await client.close();
      }
    });

    it('hides a tool from a token lacking its scope, and refuses to call it', async () => {
      const token = await idp.mint({
        audience: TEST_RESOURCE,
        subject: 'bob',
      });
      const client = await connect(endpoint, token);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toEqual(['whoami']);
        await expect(
          client.callTool({ name: 'delete-note', arguments: { id: '7' } }),
        ).rejects.toThrow();
      } finally {
        await client.close();
      }
    });
  });

  // mcp-nest answers a scope shortfall itself (`stepUpAuthorization`), before the SDK: its
  // challenge names the tool's scopes only, and its own error_description.
  const stepUp = `Bearer error="insufficient_scope", error_description="Tool 'delete-note' requires scopes: notes:write", scope="notes:write", resource_metadata="${TEST_METADATA_URL}"`;

  it('answers a 2026-07-28 tools/call lacking the tool scope 403 insufficient_scope', async () => {
    const token = await idp.mint({ audience: TEST_RESOURCE, subject: 'bob' });
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: modernHeaders(token, 'tools/call', 'delete-note'),
      body: modernBody('tools/call', {
        name: 'delete-note',
        arguments: { id: '7' },
      }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(stepUp);
  });

  it('answers a 2025-era tools/call lacking the tool scope 403 insufficient_scope', async () => {
    const token = await idp.mint({ audience: TEST_RESOURCE, subject: 'bob' });
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: mcpHeaders(token),
      body: toolsCall('delete-note', { id: '7' }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(stepUp);
    expect(await response.json()).toMatchObject({
      id: 1,
      error: { code: -32600 },
    });
  });
});

describe('@rekog/mcp-nest recipe with an endpoint-wide @RequireScopes()', () => {
  let idp: TestIssuer;
  let app: INestApplication;
  let endpoint: string;

  beforeAll(async () => {
    idp = await startTestIssuer();
    const { AppModule, strategy } = recipeApp(
      idp.authOptions(TEST_RESOURCE),
      TEST_METADATA_URL,
      ['notes:read'],
    );
    app = await NestFactory.create(AppModule, { logger: false, rawBody: true });
    strategy.setHttpAdapter(app.getHttpAdapter());
    app.connectMicroservice({ strategy });
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    endpoint = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/mcp`;
  });

  afterAll(async () => {
    await app?.close();
    await idp?.close();
  });

  it('answers a token lacking the endpoint scope 403 with our full challenge (RFC 6750 §3.1)', async () => {
    const token = await idp.mint({
      audience: TEST_RESOURCE,
      scope: 'notes:write',
    });
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: mcpHeaders(token),
      body: toolsCall('whoami'),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      insufficientScope('notes:read notes:write'),
    );
  });

  it('answers a token signed by an unknown key 401 invalid_token (RFC 6750 §3.1)', async () => {
    const token = await idp.mint(
      { audience: TEST_RESOURCE, scope: 'notes:read' },
      await generateSigningKey(),
    );
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: mcpHeaders(token),
      body: toolsCall('whoami'),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token", .*resource_metadata="http:\/\/127\.0\.0\.1:3000\/\.well-known\/oauth-protected-resource\/mcp"$/,
    );
  });

  it('lets a token with the endpoint scope call its tools', async () => {
    const token = await idp.mint({
      audience: TEST_RESOURCE,
      subject: 'carol',
      scope: 'notes:read',
    });
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: mcpHeaders(token),
      body: toolsCall('whoami'),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('carol via');
  });
});
