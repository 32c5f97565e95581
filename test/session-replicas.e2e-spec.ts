import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../apps/sample/src/app.module.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { listen } from './support/listen.js';
import {
  connectMcpClient,
  mcpHeaders,
  toolsCall,
} from './support/mcp-client.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * 2025-era sessions across replicas (MCP 2025-11-25, Streamable HTTP "Session Management"): two
 * instances of the sample in stateful mode, `MCP_SERVER_REPLICA_ID` r1 and r2. Session ids carry
 * the replica id; an id a replica does not hold (another replica's, or one it never issued) is a
 * 404, so the SDK v1 client learns its session is gone and a new session works.
 */
describe.each(HTTP_ADAPTERS)(
  '2025 sessions carry their replica id (MCP_SERVER_REPLICA_ID) on %s',
  (adapter) => {
    const saved = { ...process.env };
    let idp: TestIssuer;
    const endpoints: Record<'r1' | 'r2', string> = { r1: '', r2: '' };
    const apps: INestApplication[] = [];

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      for (const name of Object.keys(process.env)) {
        if (name.startsWith('MCP_AUTH_') || name.startsWith('MCP_SERVER_'))
          delete process.env[name];
      }
      Object.assign(process.env, {
        MCP_AUTH_RESOURCE_URL: RESOURCE,
        MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify([
          { issuer: idp.issuer, jwksUri: idp.jwksUri },
        ]),
        MCP_SERVER_STATEFUL: 'true',
      });
      for (const replica of ['r1', 'r2'] as const) {
        process.env.MCP_SERVER_REPLICA_ID = replica;
        const { app, url } = await listen({ imports: [AppModule] }, false, {
          adapter,
        });
        apps.push(app);
        endpoints[replica] = `${url.replace('[::1]', '127.0.0.1')}/mcp`;
      }
    });
    afterAll(async () => {
      await Promise.all(apps.map((app) => app.close()));
      process.env = saved;
      await idp?.close();
    });

    const token = () =>
      idp.mint({ subject: 'alice', scope: 'notes:read notes:write' });
    const post = async (endpoint: string, sessionId: string) => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: mcpHeaders(await token(), { 'mcp-session-id': sessionId }),
        body: toolsCall('whoami'),
      });
      const text = await res.text();
      // A session's answer may be an SSE stream; a refusal is JSON.
      const json = res.headers
        .get('content-type')
        ?.includes('application/json');
      return {
        status: res.status,
        body: json ? (JSON.parse(text) as unknown) : text,
      };
    };

    it('names the replica in each session id (r1.<uuid>), and the session works there', async () => {
      const { client, transport } = await connectMcpClient(
        endpoints.r1,
        await token(),
      );
      try {
        expect(transport.sessionId).toMatch(new RegExp(`^r1\\.${UUID}$`));
        const result = await client.callTool({ name: 'whoami', arguments: {} });
        expect(result.structuredContent).toMatchObject({ subject: 'alice' });
        expect((await post(endpoints.r1, transport.sessionId!)).status).toBe(
          200,
        );
      } finally {
        await client.close();
      }
    });

    it("answers 404 to another replica's session id (its replica gone, or a misroute), and to an id it never issued", async () => {
      const { client, transport } = await connectMcpClient(
        endpoints.r1,
        await token(),
      );
      try {
        const notFound = {
          status: 404,
          body: {
            jsonrpc: '2.0',
            id: null,
            error: { code: -32001, message: 'Session not found' },
          },
        };
        expect(await post(endpoints.r2, transport.sessionId!)).toEqual(
          notFound,
        );
        expect(await post(endpoints.r1, `r1.${randomUUID()}`)).toEqual(
          notFound,
        );
        expect(await post(endpoints.r1, `r2.${randomUUID()}`)).toEqual(
          notFound,
        );
        expect(await post(endpoints.r1, randomUUID())).toEqual(notFound);
      } finally {
        await client.close();
      }
    });

    it('lets the SDK v1 client see 404 when its replica is gone, and a new session on another replica work', async () => {
      // The proxy sends the session's requests elsewhere once r1 is gone: here, to r2.
      let target = endpoints.r1;
      const rerouting: typeof fetch = (input, init) =>
        fetch(String(input).replace(endpoints.r1, target), init);
      const { client, transport } = await connectMcpClient(
        endpoints.r1,
        await token(),
        rerouting,
      );
      const first = transport.sessionId;
      try {
        await client.callTool({ name: 'whoami', arguments: {} });
        target = endpoints.r2;
        const refused = await client
          .callTool({ name: 'whoami', arguments: {} })
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        expect(refused).toBeInstanceOf(StreamableHTTPError);
        expect((refused as StreamableHTTPError).code).toBe(404);
      } finally {
        await client.close();
      }
      const again = await connectMcpClient(endpoints.r2, await token());
      try {
        expect(again.transport.sessionId).toMatch(new RegExp(`^r2\\.${UUID}$`));
        expect(again.transport.sessionId).not.toBe(first);
        const result = await again.client.callTool({
          name: 'whoami',
          arguments: {},
        });
        expect(result.structuredContent).toMatchObject({ subject: 'alice' });
      } finally {
        await again.client.close();
      }
    });
  },
);
