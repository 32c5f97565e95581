import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** Whether Debian's `redis-server` is installed (`apt-get install -y redis-server`). */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/**
 * Spawns `redis-server --port N --bind 127.0.0.1 --save '' --appendonly no` (no persistence, never
 * evicting) as this user on loopback `port`; resolves with the process once it accepts
 * connections, rejects when it exits first. Its stderr is piped, or passed through (`inherit`).
 */
export async function spawnRedisServer(
  port: number,
  stderr: 'pipe' | 'inherit' = 'pipe',
): Promise<ChildProcess> {
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
    { stdio: ['ignore', 'pipe', stderr] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited (${code}): ${output}`)),
    );
  });
  return child;
}

/** Stops a spawned `redis-server` (SIGTERM) and waits for it to exit; at once when it has. */
export function stopRedisServer(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
