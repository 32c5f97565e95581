import { DEFAULT_DPOP_ALGORITHMS } from '@nest-mcp/auth';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import request from 'supertest';
import { AppModule } from '../apps/sample/src/app.module.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { listen } from './support/listen.js';
import { connectMcpClient } from './support/mcp-client.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';

describe.each(HTTP_ADAPTERS)(
  'sample app on %s configured from MCP_AUTH_* (the MCP_AUTH_* variables of docs/configuration.md)',
  (adapter) => {
    let idp: TestIssuer;
    let app: INestApplication;
    let url: string;
    const saved = { ...process.env };

    beforeAll(async () => {
      idp = await startTestIssuer({
        audience: RESOURCE,
        issuerPath: '/realms/acme',
      });
      process.env.MCP_AUTH_AUTHORIZATION_SERVERS = idp.issuer;
      process.env.MCP_AUTH_SCOPES_SUPPORTED = 'notes:read notes:write';
      delete process.env.MCP_AUTH_RESOURCE_URL;
      delete process.env.PORT;
      delete process.env.HOST;
      ({ app, url } = await listen({ imports: [AppModule] }, undefined, {
        adapter,
      }));
    });
    afterAll(async () => {
      process.env = saved;
      await app.close();
      await idp.close();
    });

    it('defaults the resource to http://HOST:PORT/mcp and serves its metadata', async () => {
      const res = await request(url)
        .get('/.well-known/oauth-protected-resource/mcp')
        .expect(200);
      expect(res.body).toEqual({
        resource: RESOURCE,
        authorization_servers: [idp.issuer],
        scopes_supported: ['notes:read', 'notes:write'],
        bearer_methods_supported: ['header'],
        resource_name: 'nest-mcp-auth sample',
        dpop_signing_alg_values_supported: [...DEFAULT_DPOP_ALGORITHMS],
      });
    });

    it('protects /mcp and serves whoami for a token checked against the discovered JWKS', async () => {
      await request(url).post('/mcp').send({}).expect(401);
      const token = await idp.mint({ subject: 'erin', scope: 'notes:read' });
      const { client } = await connectMcpClient(`${url}/mcp`, token);
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      await client.close();
      expect(result.structuredContent).toEqual({
        subject: 'erin',
        issuer: idp.issuer,
        clientId: 'test-client',
        scopes: ['notes:read'],
      });
      expect(idp.requests).toContain(
        '/.well-known/oauth-authorization-server/realms/acme',
      );
    });

    it('leaves /health open', async () => {
      await request(url).get('/health').expect(200).expect({ status: 'ok' });
    });
  },
);
