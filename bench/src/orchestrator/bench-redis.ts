import { spawn, spawnSync } from 'node:child_process';
import { freePorts } from './free-port.js';

/** A `redis-server` the bench started for its Redis row. */
export interface BenchRedis {
  readonly url: string;
  stop(): Promise<void>;
}

/** Whether Debian's `redis-server` is installed. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/**
 * Starts `redis-server --port N --bind 127.0.0.1 --save '' --appendonly no` (no persistence, never
 * evicting) as this user on a free loopback port; resolves once it accepts connections.
 */
export async function startBenchRedis(): Promise<BenchRedis> {
  const [port] = await freePorts(1);
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited (${code}): ${output}`)),
    );
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
