import { type LoggerService, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  MCP_AUTH_RESOLVED_OPTIONS,
  type ResolvedMcpAuthOptions,
} from '@nest-mcp/auth';
import type { DevAuthorizationServer } from '@nest-mcp/dev-auth-server';
import { AppModule } from './app.module.js';
import { startDevAuthorizationIfUnconfigured } from './dev-authorization.js';
import { listenAddress } from './sample-config.js';

/** A running sample: the Nest app, its URL, and the development authorization server if started. */
export interface RunningSample {
  readonly app: NestExpressApplication;
  readonly url: string;
  readonly devAuthorizationServer: DevAuthorizationServer | undefined;
  close(): Promise<void>;
}

/** Starts the sample from `process.env` (see README "Environment"); used by `main.ts` and tests. */
export async function startSample(
  options: { logger?: LoggerService | false } = {},
): Promise<RunningSample> {
  const devAuthorizationServer = await startDevAuthorizationIfUnconfigured(
    process.env,
  );
  try {
    const app = await NestFactory.create<NestExpressApplication>(AppModule, {
      abortOnError: false,
      logger: options.logger,
    });
    app.useBodyParser('json', { limit: '1mb' });
    const { host, port } = listenAddress(process.env);
    await app.listen(port, host);
    const url = await app.getUrl();
    logReady(app, url);
    return {
      app,
      url,
      devAuthorizationServer,
      close: async () => {
        await app.close();
        await devAuthorizationServer?.close();
      },
    };
  } catch (error) {
    await devAuthorizationServer?.close();
    throw error;
  }
}

function logReady(app: NestExpressApplication, url: string): void {
  const logger = new Logger('Sample');
  const auth = app.get<ResolvedMcpAuthOptions>(MCP_AUTH_RESOLVED_OPTIONS);
  logger.log(`MCP endpoint ${auth.resource}`);
  logger.log(`Protected resource metadata ${auth.metadataUrl}`);
  logger.log(
    `Trusted issuers: ${auth.authorizationServers.map((s) => s.issuer).join(', ')}`,
  );
  logger.log(`Ready on ${url}`);
}
