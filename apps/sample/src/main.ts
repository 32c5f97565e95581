import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import {
  MCP_AUTH_RESOLVED_OPTIONS,
  type ResolvedMcpAuthOptions,
} from '@nest-mcp/auth';
import { AppModule } from './app.module.js';
import { listenAddress } from './sample-config.js';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Sample');
  const app = await NestFactory.create(AppModule, { abortOnError: false });
  app.enableShutdownHooks();
  const { host, port } = listenAddress(app.get(ConfigService));
  await app.listen(port, host);
  const auth = app.get<ResolvedMcpAuthOptions>(MCP_AUTH_RESOLVED_OPTIONS);
  const issuers = auth.authorizationServers
    .map((server) => server.issuer)
    .join(', ');
  logger.log(
    `Ready on ${await app.getUrl()} | resource ${auth.resource} | metadata ${auth.metadataUrl} | trusted issuers: ${issuers}`,
  );
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Sample failed to start: ${message}\n`);
  process.exit(1);
});
