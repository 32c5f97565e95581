import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

/** Boots the app on 127.0.0.1:PORT and prints one line when it is ready. */
async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, {
    abortOnError: false,
    logger: ['error', 'warn'],
    // The exact body bytes, for the content_digest of DPoP proofs (as the README says).
    rawBody: true,
  });
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
