import { type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConformanceModule } from './conformance.module.js';

/** Where the app listens: `HOST` (default 127.0.0.1) and `PORT` (default 3000). */
export function conformanceAddress(env: NodeJS.ProcessEnv): {
  host: string;
  port: number;
} {
  const host = env.HOST || '127.0.0.1';
  const rawPort = env.PORT || '3000';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT "${rawPort}" is not a TCP port number (0-65535)`);
  }
  return { host, port };
}

/** Starts the conformance app on `HOST`:`PORT`; resolves with the app and its MCP endpoint URL. */
export async function startConformanceApp(
  env: NodeJS.ProcessEnv,
  logger?: LoggerService | false,
): Promise<{ app: NestExpressApplication; url: string }> {
  const app = await NestFactory.create<NestExpressApplication>(
    ConformanceModule,
    { abortOnError: false, ...(logger !== undefined && { logger }) },
  );
  app.enableShutdownHooks();
  const { host, port } = conformanceAddress(env);
  await app.listen(port, host);
  const url = `${await app.getUrl()}/mcp`;
  return { app, url };
}
