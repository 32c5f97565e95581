import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { McpAuthModule } from '@nest-mcp/auth';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { McpServerModule } from '@nest-mcp/server';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

const RESOURCE = 'http://127.0.0.1:3000/mcp';

describe('@nest-mcp/server on Fastify', () => {
  let idp: TestIssuer;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    idp = await startTestIssuer({ audience: RESOURCE });
  });
  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await idp.close();
  });

  it('refuses to boot with a message naming the library, the platform and the fix', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        McpAuthModule.forRoot(idp.authOptions(RESOURCE)),
        McpServerModule.forRoot({ name: 'test', version: '1.0.0' }),
      ],
    }).compile();
    app = moduleRef.createNestApplication(new FastifyAdapter(), {
      logger: false,
    });
    const failure = await app.listen(0, '127.0.0.1').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(
      /^McpServerModule HTTP adapter: the application runs on "fastify", but @nest-mcp\/server serves its MCP endpoint on Express only for now; create the application on Express/,
    );
  }, 60_000);
});
