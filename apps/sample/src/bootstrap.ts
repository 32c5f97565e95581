import {
  type INestApplication,
  type LoggerService,
  Logger,
} from '@nestjs/common';
import {
  MCP_AUTH_RESOLVED_OPTIONS,
  type ResolvedMcpAuthOptions,
} from '@nest-mcp/auth';
import type { DevAuthorizationServer } from '@nest-mcp/dev-auth-server';
import { AppModule } from './app.module.js';
import {
  applyDeploymentSettings,
  deploymentSettingsFrom,
} from './deployment-settings.js';
import { createSampleApp, httpAdapterFrom } from './http-platform.js';
import { logNextSteps } from './next-steps.js';
import { issuerSourceOf } from './dev-login-policy.js';
import { listenAddress } from './sample-config.js';
import { sampleLogger } from './sample-logger.js';

/**
 * A running sample: the Nest app, its platform (`MCP_HTTP_ADAPTER`), its URL, and the development
 * authorization server if started.
 */
export interface RunningSample {
  readonly app: INestApplication;
  readonly adapter: 'express' | 'fastify';
  readonly url: string;
  readonly devAuthorizationServer: DevAuthorizationServer | undefined;
  close(): Promise<void>;
}

/** Starts the sample from `process.env` (see docs/configuration.md, "Environment variables"); used by `main.ts` and tests. */
export async function startSample(
  options: { logger?: LoggerService | false } = {},
): Promise<RunningSample> {
  const deployment = deploymentSettingsFrom(process.env);
  const adapter = httpAdapterFrom(process.env);
  const logger = options.logger ?? sampleLogger(process.stdout, process.env);
  if (logger) Logger.overrideLogger(logger);
  const devAuthorizationServer =
    issuerSourceOf(process.env) === 'configured'
      ? undefined
      : await (
          await import('./dev-authorization.js')
        ).startDevAuthorization(process.env);
  let app: INestApplication | undefined;
  try {
    app = await createSampleApp(AppModule, adapter, {
      logger,
      trustProxy: deployment.trustProxy,
    });
    applyDeploymentSettings(app, deployment);
    const { host, port } = listenAddress(process.env);
    await app.listen(port, host);
    const url = await app.getUrl();
    logNextSteps(
      app.get<ResolvedMcpAuthOptions>(MCP_AUTH_RESOLVED_OPTIONS),
      devAuthorizationServer !== undefined,
    );
    new Logger('Sample').log(`Ready on ${url} (${adapter})`);
    const started = app;
    return {
      app: started,
      adapter,
      url,
      devAuthorizationServer,
      close: async () => {
        await started.close();
        await devAuthorizationServer?.close();
      },
    };
  } catch (error) {
    // E.g. the port is taken (EADDRINUSE): what started is closed, and the error goes on.
    await app?.close().catch(() => undefined);
    await devAuthorizationServer?.close();
    throw error;
  }
}
