import {
  spawnRedisServer,
  stopRedisServer,
} from '../../../scripts/support/redis-server-process.js';
import { freePorts } from './free-port.js';

export { hasRedisServer } from '../../../scripts/support/redis-server-process.js';

/** A `redis-server` the bench started for its Redis row. */
export interface BenchRedis {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` (no persistence, never evicting) as this user on a free loopback port,
 * its stderr passed through; resolves once it accepts connections.
 */
export async function startBenchRedis(): Promise<BenchRedis> {
  const [port] = await freePorts(1);
  const child = await spawnRedisServer(port, 'inherit');
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => stopRedisServer(child),
  };
}
