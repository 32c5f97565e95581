import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  MCP_AUTH_RESOLVED_OPTIONS,
  type ResolvedMcpAuthOptions,
} from '@nest-mcp/auth';
import { AppModule } from './app.module.js';
import { listenAddress } from './sample-config.js';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Sample');
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    abortOnError: false,
  });
  app.useBodyParser('json', { limit: '1mb' });
  const { host, port } = listenAddress(app.get(ConfigService));
  await app.listen(port, host);
  const auth = app.get<ResolvedMcpAuthOptions>(MCP_AUTH_RESOLVED_OPTIONS);
  const issuers = auth.authorizationServers
    .map((server) => server.issuer)
    .join(', ');
  logger.log(`MCP endpoint ${auth.resource}`);
  logger.log(`Protected resource metadata ${auth.metadataUrl}`);
  logger.log(`Trusted issuers: ${issuers}`);
  logger.log(`Ready on ${await app.getUrl()}`);
  closeOnSignals(app, logger);
}

/** SIGTERM/SIGINT: stop accepting requests, run shutdown hooks, exit 0. */
function closeOnSignals(app: NestExpressApplication, logger: Logger): void {
  const shutdown = (signal: NodeJS.Signals) => {
    logger.log(`${signal} received, shutting down`);
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Sample failed to start: ${message}\n`);
  process.exit(1);
});
