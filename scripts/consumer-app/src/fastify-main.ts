import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { FastifyAppModule } from './fastify-app.module.js';

/** Boots the Fastify app on 127.0.0.1:PORT, as the README's "On Fastify" main.ts does. */
async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    FastifyAppModule,
    new FastifyAdapter(),
    { abortOnError: false, logger: ['error', 'warn'], rawBody: true },
  );
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write(`Ready on ${await app.getUrl()}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `consumer failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
