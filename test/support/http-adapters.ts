import type {
  INestApplication,
  LoggerService,
  NestApplicationOptions,
} from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { TestingModule } from '@nestjs/testing';

/** The HTTP platforms Nest ships, by the name `getType()` reports. */
export type HttpAdapterName = 'express' | 'fastify';

/** Every platform the suites run on: `describe.each(HTTP_ADAPTERS)('… on %s', (adapter) => …)`. */
export const HTTP_ADAPTERS: readonly HttpAdapterName[] = Object.freeze([
  'express',
  'fastify',
]);

/** The same application options, whichever platform serves them. */
export interface HttpAppOptions {
  /** Default: silent, or Nest's logger when `DEBUG_LOGS` is set. */
  logger?: LoggerService | false;
  /** Keep the raw body (`req.rawBody`, for DPoP `content_digest`); default true, as the sample. */
  rawBody?: boolean;
  /** Express's `trust proxy` / Fastify's `trustProxy`; default off on both. */
  trustProxy?: boolean | string;
}

/**
 * A Nest application on `adapter` from a compiled testing module, with the same options on both
 * platforms (what `NestFactory.create(AppModule, adapter, options)` does in an app's `main.ts`).
 */
export function createHttpApp(
  moduleRef: TestingModule,
  adapter: HttpAdapterName,
  { logger, rawBody = true, trustProxy }: HttpAppOptions = {},
): INestApplication {
  const options: NestApplicationOptions = {
    logger: logger ?? (process.env.DEBUG_LOGS ? undefined : false),
    rawBody,
  };
  if (adapter === 'fastify') {
    return moduleRef.createNestApplication(
      new FastifyAdapter(trustProxy === undefined ? undefined : { trustProxy }),
      options,
    );
  }
  const express = new ExpressAdapter();
  if (trustProxy !== undefined) express.set('trust proxy', trustProxy);
  return moduleRef.createNestApplication(express, options);
}

/** Listens on a random loopback port; the base URL to reach the app at. */
export async function listenLoopback(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}
