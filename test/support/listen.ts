import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';

/** Compiles a module from `metadata` and listens on a random loopback port; returns the app and its URL. */
export async function listen(
  metadata: ModuleMetadata,
): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app = moduleRef.createNestApplication({
    logger: process.env.DEBUG_LOGS ? undefined : false,
  });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}
