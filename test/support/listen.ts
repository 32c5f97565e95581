import type {
  INestApplication,
  LoggerService,
  ModuleMetadata,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestIssuer } from '@nest-mcp/auth/testing';
import { AppModule } from '../../apps/sample/src/app.module.js';
import {
  createHttpApp,
  type HttpAdapterName,
  type HttpAppOptions,
  listenLoopback,
} from './http-adapters.js';

/** Compiles a module from `metadata` and listens on a random loopback port; returns the app and its URL. */
export async function listen(
  metadata: ModuleMetadata,
  /** Default: silent, or Nest's logger when `DEBUG_LOGS` is set. */
  logger?: LoggerService | false,
  /** `rawBody` (default true, as the sample), `trustProxy`; the platform (default Express). */
  options: Omit<HttpAppOptions, 'logger'> & { adapter?: HttpAdapterName } = {},
): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app = createHttpApp(moduleRef, options.adapter ?? 'express', {
    ...options,
    logger,
  });
  return { app, url: await listenLoopback(app) };
}

/**
 * Starts the sample app trusting `idp` (issuer and its JWKS URL) for `resource`, through the same
 * environment variables as `npm start`. Callers restore `process.env` afterwards.
 */
export function listenSample(
  idp: TestIssuer,
  resource: string,
  logger?: LoggerService | false,
  /** The platform (default Express). */
  adapter: HttpAdapterName = 'express',
): Promise<{ app: INestApplication; url: string }> {
  process.env.MCP_AUTH_AUTHORIZATION_SERVERS = JSON.stringify([
    { issuer: idp.issuer, jwksUri: idp.jwksUri },
  ]);
  process.env.MCP_AUTH_RESOURCE_URL = resource;
  return listen({ imports: [AppModule] }, logger, { adapter });
}
