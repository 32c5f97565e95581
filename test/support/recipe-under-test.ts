import { afterAll, beforeAll } from '@jest/globals';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';

/** A recipe app listening on loopback with the test issuer it trusts; set before the tests run. */
export interface RecipeUnderTest {
  idp: TestIssuer;
  app: INestApplication;
  /** `http://127.0.0.1:<port>`. */
  base: string;
  /** `${base}/mcp`. */
  endpoint: string;
}

/**
 * Creates an Express app of `module` (silent, raw body kept, as the recipes document), lets
 * `prepare` attach to it before it listens, and listens on a random loopback port; its URL.
 */
export async function listenRecipeApp(
  module: Type<unknown>,
  prepare?: (app: INestApplication) => Promise<void>,
): Promise<{ app: INestApplication; url: string }> {
  const app = await NestFactory.create(module, {
    logger: false,
    rawBody: true,
  });
  await prepare?.(app);
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/**
 * Before the suite's tests: a fresh test issuer and the recipe app `start` builds on it. After
 * them: both closed. The returned object is filled in by then.
 */
export function recipeUnderTest(
  start: (idp: TestIssuer) => Promise<{ app: INestApplication; url: string }>,
): RecipeUnderTest {
  const recipe = {} as RecipeUnderTest;
  beforeAll(async () => {
    recipe.idp = await startTestIssuer();
    const { app, url } = await start(recipe.idp);
    recipe.app = app;
    recipe.base = url;
    recipe.endpoint = `${url}/mcp`;
  });
  afterAll(async () => {
    await recipe.app?.close();
    await recipe.idp?.close();
  });
  return recipe;
}
