import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import request from 'supertest';
import {
  startSample,
  type RunningSample,
} from '../apps/sample/src/bootstrap.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';

const RESOURCE = 'https://mcp.example.com/mcp';

describe.each(HTTP_ADAPTERS)(
  'sample deployment settings on %s (TRUST_PROXY, SAMPLE_REPLICA_NAME)',
  (adapter) => {
    let idp: TestIssuer;
    let sample: RunningSample | undefined;
    const saved = { ...process.env };

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      process.env.MCP_AUTH_AUTHORIZATION_SERVERS = JSON.stringify([
        { issuer: idp.issuer, jwksUri: idp.jwksUri },
      ]);
      process.env.MCP_AUTH_RESOURCE_URL = RESOURCE;
      process.env.PORT = '0';
      process.env.MCP_HTTP_ADAPTER = adapter;
      delete process.env.HOST;
    });
    afterAll(async () => {
      process.env = saved;
      await sample?.close();
      await idp.close();
    });

    it('names the replica on every response and applies trust proxy', async () => {
      process.env.SAMPLE_REPLICA_NAME = 'replica-b';
      process.env.TRUST_PROXY = '1';
      sample = await startSample({ logger: false });
      // Fastify's trustProxy is proven with a forwarded request in sample-http-adapter.e2e-spec.ts.
      if (adapter === 'express')
        expect(
          sample.app.getHttpAdapter().getInstance().get('trust proxy'),
        ).toBe(1);
      const health = await request(sample.url).get('/health').expect(200);
      expect(health.headers['x-served-by']).toBe('replica-b');
      const refused = await request(sample.url).post('/mcp').send({});
      expect(refused.status).toBe(401);
      expect(refused.headers['x-served-by']).toBe('replica-b');
      const token = await idp.mint({ subject: 'dana' });
      const served = await request(sample.url)
        .post('/mcp')
        .set('Authorization', `Bearer ${token}`)
        .set('Accept', 'application/json, text/event-stream')
        .send({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
      expect(served.status).toBe(200);
      expect(served.headers['x-served-by']).toBe('replica-b');
      await sample.close();
      sample = undefined;
    }, 60_000);

    it('refuses a replica name that is not a plain token at start', async () => {
      process.env.SAMPLE_REPLICA_NAME = 'bad name\r\nX-Injected: 1';
      delete process.env.TRUST_PROXY;
      await expect(startSample({ logger: false })).rejects.toThrow(
        /^SAMPLE_REPLICA_NAME must be 1-64 letters, digits/,
      );
    }, 60_000);
  },
);
