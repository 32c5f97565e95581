import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../orchestrator/free-port.js';

/** The soak's `redis-server`: stopped and started again on the same port mid-run. */
export interface SoakRedis {
  readonly url: string;
  /** SIGTERM, resolved once the process has exited (Redis then refuses connections). */
  stop(): Promise<void>;
  /** Starts it again on the same port, resolved once it accepts connections. */
  start(): Promise<void>;
}

/**
 * Starts `redis-server` on a free loopback port as this user, `maxmemory-policy noeviction`, with
 * the append-only file in a temporary directory (`appendfsync everysec`; a SIGTERM writes it out):
 * the replay entries outlive a restart, as docs/deployment.md advises, so a proof accepted before
 * the restart stays refused after it.
 */
export async function startSoakRedis(): Promise<SoakRedis> {
  const [port] = await freePorts(1);
  const dir = mkdtempSync(join(tmpdir(), 'soak-redis-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    child = started;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-20_000);
        if (output.includes('Ready to accept connections')) {
          started.stdout?.off('data', onData);
          started.stdout?.resume();
          resolve();
        }
      };
      started.stdout?.on('data', onData);
      started.once('exit', (code) =>
        reject(new Error(`redis-server exited (${code}): ${output}`)),
      );
    });
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null)
        return resolve();
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  await start();
  return { url: `redis://127.0.0.1:${port}`, stop, start };
}
