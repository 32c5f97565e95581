import type { INestApplication, LoggerService } from '@nestjs/common';
import { AppModule } from '../../apps/sample/src/app.module.js';
import type { HttpAdapterName } from './http-adapters.js';
import { listen } from './listen.js';

/**
 * Starts `count` instances of the sample from the current environment, one after the other, on
 * `adapter` with `logger`, pushing each app onto `apps` as it listens (so the caller closes even a
 * partial set); their base URLs (`http://127.0.0.1:<port>`), in order.
 */
export async function listenSampleReplicas(
  apps: INestApplication[],
  count: number,
  logger: LoggerService,
  adapter: HttpAdapterName,
): Promise<string[]> {
  const urls: string[] = [];
  for (let replica = 0; replica < count; replica += 1) {
    const { app, url } = await listen({ imports: [AppModule] }, logger, {
      adapter,
    });
    apps.push(app);
    urls.push(url);
  }
  return urls;
}
