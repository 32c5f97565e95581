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

  it('refuses to boot with a message naming Express as the supported adapter', async () => {
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
    expect((failure as Error).message).toMatch(/Express only/);
  }, 60_000);
});
