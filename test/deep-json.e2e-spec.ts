import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplication, Module } from '@nestjs/common';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { AppModule } from '../apps/sample/src/app.module.js';
import { createSampleApp } from '../apps/sample/src/http-platform.js';
import { NotesFixtureController } from './support/fixture.controllers.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { mcpHeaders } from './support/mcp-client.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const DEPTH = 200_000;
/** 400,000 bytes: under the sample's 1 MB body limit, nested 200,000 levels deep. */
const DEEP = '['.repeat(DEPTH) + ']'.repeat(DEPTH);

/**
 * Bad input is never a 5xx (RFC 9110 §15.5.1): a body the JSON parser cannot take, or one nested
 * deeper than the MCP endpoint accepts, is a 400 JSON-RPC parse error (JSON-RPC 2.0 §5.1, -32700).
 */
/** The sample, with an ordinary guarded route taking a body beside the MCP endpoint. */
@Module({ imports: [AppModule], controllers: [NotesFixtureController] })
class SampleWithNotes {}

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  describe('request bodies the parser cannot take (the sample, 1 MB body limit)', () => {
    let idp: TestIssuer;
    let app: INestApplication;
    let url: string;
    const saved = { ...process.env };

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      process.env.MCP_AUTH_AUTHORIZATION_SERVERS = JSON.stringify([
        { issuer: idp.issuer, jwksUri: idp.jwksUri },
      ]);
      process.env.MCP_AUTH_RESOURCE_URL = RESOURCE;
      // As the sample's bootstrap does (rawBody, the 1 MB body limit).
      app = await createSampleApp(SampleWithNotes, adapter, { logger: false });
      await app.listen(0, '127.0.0.1');
      url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    });
    afterAll(async () => {
      await app?.close();
      await idp?.close();
      process.env = saved;
    });

    const post = (path: string, body: string, token?: string) =>
      fetch(url + path, { method: 'POST', headers: mcpHeaders(token), body });

    it('answers a body nested 200,000 levels deep with 400 -32700, with or without a token', async () => {
      const token = await idp.mint({ subject: 'deep', scope: 'notes:read' });
      for (const credentials of [token, undefined]) {
        const res = await post('/mcp', DEEP, credentials);
        expect(res.status).toBe(400);
        expect(await res.json()).toEqual({
          jsonrpc: '2.0',
          id: null,
          error: {
            code: -32700,
            message: expect.stringMatching(/^Parse error/),
          },
        });
      }
    });

    it('still serves a body nested as deep as the bound allows', async () => {
      const token = await idp.mint({ subject: 'deep', scope: 'notes:read' });
      const res = await post(
        '/mcp',
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'ping',
          params: {
            _meta: { deep: JSON.parse('['.repeat(60) + ']'.repeat(60)) },
          },
        }),
        token,
      );
      expect(res.status).toBe(200);
    });

    it.each([
      ['truncated JSON', '{"method":"ping",'],
      ['a trailing comma', '[1,]'],
      ['a lone surrogate escape outside a string', '\\ud800'],
    ])(
      'answers %s with 400 -32700 and does not echo the body',
      async (_what, body) => {
        const res = await post('/mcp', body);
        expect(res.status).toBe(400);
        const text = await res.text();
        expect(JSON.parse(text)).toEqual({
          jsonrpc: '2.0',
          id: null,
          error: { code: -32700, message: 'Parse error' },
        });
        expect(text).not.toContain(body);
      },
    );

    it('answers a body over the limit sent without Content-Length (chunked) with 413 -32000', async () => {
      const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          // 1.5 MB of JSON whitespace: over the 1 MB limit, known only as it arrives.
          if (sent >= 24) return controller.close();
          sent += 1;
          controller.enqueue(chunk);
        },
      });
      const res = await fetch(`${url}/mcp`, {
        method: 'POST',
        headers: mcpHeaders(),
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32000, message: 'Request body too large' },
      });
    });

    it('leaves a parse error on a route of the application to its own error handling (no JSON-RPC)', async () => {
      const res = await post('/notes', '{"text":');
      expect(res.status).toBe(400);
      expect(await res.json()).not.toHaveProperty('jsonrpc');
    });

    it('an ordinary guarded route takes the deep body as any other (no 5xx): 401 without a token, its answer with one', async () => {
      expect((await post('/notes', DEEP)).status).toBe(401);
      const token = await idp.mint({ subject: 'deep', scope: 'notes:write' });
      const res = await post('/notes', DEEP, token);
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ subject: 'deep' });
    });
  });

  describe('parse errors under a global prefix', () => {
    let idp: TestIssuer;
    let app: INestApplication;
    const saved = { ...process.env };

    afterAll(async () => {
      await app?.close();
      await idp?.close();
      process.env = saved;
    });

    it('answers invalid JSON at <prefix>/mcp with 400 -32700', async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      process.env.MCP_AUTH_AUTHORIZATION_SERVERS = JSON.stringify([
        { issuer: idp.issuer, jwksUri: idp.jwksUri },
      ]);
      process.env.MCP_AUTH_RESOURCE_URL = RESOURCE;
      app = await createSampleApp(AppModule, adapter, { logger: false });
      app.setGlobalPrefix('api');
      await app.listen(0, '127.0.0.1');
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const res = await fetch(`${url}/api/mcp`, {
        method: 'POST',
        headers: mcpHeaders(),
        body: '{"method":',
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: 'Parse error' },
      });
    });
  });
});
