import type { HttpAdapterHost } from '@nestjs/core';

/**
 * The application's Node HTTP server once its platform can serve a request handed to it, for
 * the boot self-check's loopback probes: at once on Express, after `ready()` on Fastify (its
 * routes' hooks are built then; Nest's `listen()` would call it next anyway). `undefined` when
 * the application has no HTTP server.
 */
export async function servingHttpServer(
  adapterHost: HttpAdapterHost,
): Promise<unknown> {
  const adapter = adapterHost.httpAdapter as
    HttpAdapterHost['httpAdapter'] | undefined;
  if (!adapter) return undefined;
  const instance = adapter.getInstance() as { ready?: () => unknown };
  if (typeof instance?.ready === 'function') await instance.ready();
  return adapter.getHttpServer();
}
