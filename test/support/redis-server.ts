import type { ChildProcess } from 'node:child_process';
import {
  hasRedisServer,
  spawnRedisServer,
  stopRedisServer,
} from '../../scripts/support/redis-server-process.js';
import { freePort } from './free-port.js';

export { hasRedisServer };

/** A `redis-server` of the test's own on a loopback port, without persistence. */
export interface TestRedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void;
  /** Lets a paused process go on (SIGCONT). */
  resume(): void;
}

/**
 * Starts `redis-server --port N --bind 127.0.0.1 --save '' --appendonly no` as this user on a free
 * port, resolving once it accepts connections. Fails with the install command when it is missing.
 */
export async function startRedisServer(): Promise<TestRedisServer> {
  if (!hasRedisServer()) {
    throw new Error(
      'redis-server is missing: apt-get install -y redis-server (.ci/run installs it)',
    );
  }
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = await spawnRedisServer(port);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running) await stopRedisServer(running);
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child?.kill('SIGCONT');
      await stop();
    },
    start,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
  };
}
