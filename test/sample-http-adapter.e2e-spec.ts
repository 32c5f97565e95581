import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, Req } from '@nestjs/common';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import {
  startSample,
  type RunningSample,
} from '../apps/sample/src/bootstrap.js';
import { deploymentSettingsFrom } from '../apps/sample/src/deployment-settings.js';
import { createSampleApp } from '../apps/sample/src/http-platform.js';
import { CapturingLogger } from './support/capturing-logger.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { connectMcpClient } from './support/mcp-client.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';

/** What the request looked like to the application behind the proxy. */
@Controller('seen')
class SeenController {
  @Get()
  seen(@Req() req: { ip?: string; protocol?: string }) {
    return { ip: req.ip, protocol: req.protocol };
  }
}

@Module({ controllers: [SeenController] })
class SeenModule {}

describe.each(HTTP_ADAPTERS)(
  'the sample on %s (MCP_HTTP_ADAPTER)',
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
      process.env.HOST = '127.0.0.1';
      process.env.PORT = '0';
      process.env.MCP_HTTP_ADAPTER = adapter;
      delete process.env.TRUST_PROXY;
      delete process.env.SAMPLE_REPLICA_NAME;
    });
    afterAll(async () => {
      process.env = saved;
      await sample?.close();
      await idp.close();
    });

    it('starts on the platform, names it in the ready line, and serves a tool to a real SDK client', async () => {
      const logger = new CapturingLogger();
      sample = await startSample({ logger });
      expect(sample.adapter).toBe(adapter);
      expect(sample.app.getHttpAdapter().getType()).toBe(adapter);
      expect(logger.lines).toContainEqual(
        expect.stringMatching(
          new RegExp(`^Ready on http\\S+ \\(${adapter}\\)`),
        ),
      );
      const { client } = await connectMcpClient(
        `${sample.url.replace('[::1]', '127.0.0.1')}/mcp`,
        await idp.mint({ subject: 'fay', scope: 'notes:read' }),
      );
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      expect(JSON.stringify(result.structuredContent)).toContain('fay');
      await client.close();
      await sample.close();
      sample = undefined;
    }, 60_000);

    it('TRUST_PROXY=1 takes the client address and scheme from the one proxy hop', async () => {
      const { trustProxy } = deploymentSettingsFrom({ TRUST_PROXY: '1' });
      const app = await createSampleApp(SeenModule, adapter, {
        logger: false,
        trustProxy,
      });
      await app.listen(0, '127.0.0.1');
      try {
        const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
        const seen = await fetch(`${url}/seen`, {
          headers: {
            'x-forwarded-for': '203.0.113.7',
            'x-forwarded-proto': 'https',
          },
        });
        expect(await seen.json()).toEqual({
          ip: '203.0.113.7',
          protocol: 'https',
        });
      } finally {
        await app.close();
      }
    }, 60_000);
  },
);

describe('MCP_HTTP_ADAPTER values', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('stops the start on any value but express or fastify, naming the variable', async () => {
    process.env.MCP_HTTP_ADAPTER = 'koa';
    await expect(startSample({ logger: false })).rejects.toThrow(
      'MCP_HTTP_ADAPTER must be "express" or "fastify", not "koa"',
    );
  });
});
