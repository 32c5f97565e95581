import type {
  INestApplication,
  LoggerService,
  ModuleMetadata,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestIssuer } from '@nest-mcp/auth/testing';
import { AppModule } from '../../apps/sample/src/app.module.js';

/** Compiles a module from `metadata` and listens on a random loopback port; returns the app and its URL. */
export async function listen(
  metadata: ModuleMetadata,
  /** Default: silent, or Nest's logger when `DEBUG_LOGS` is set. */
  logger?: LoggerService | false,
  /** Keep the raw body (`rawBody`, for DPoP `content_digest`), as the sample does; default true. */
  { rawBody = true }: { rawBody?: boolean } = {},
): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app = moduleRef.createNestApplication({
    logger: logger ?? (process.env.DEBUG_LOGS ? undefined : false),
    rawBody,
  });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/**
 * Starts the sample app trusting `idp` (issuer and its JWKS URL) for `resource`, through the same
 * environment variables as `npm start`. Callers restore `process.env` afterwards.
 */
export function listenSample(
  idp: TestIssuer,
  resource: string,
  logger?: LoggerService | false,
): Promise<{ app: INestApplication; url: string }> {
  process.env.MCP_AUTH_AUTHORIZATION_SERVERS = JSON.stringify([
    { issuer: idp.issuer, jwksUri: idp.jwksUri },
  ]);
  process.env.MCP_AUTH_RESOURCE_URL = resource;
  return listen({ imports: [AppModule] }, logger);
}
