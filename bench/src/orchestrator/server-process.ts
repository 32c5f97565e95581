import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerConfig, ServerKind } from '../server/server-kind.js';

/** A server under test running in its own Node process. */
export interface ServerProcess {
  /** URL of its MCP endpoint. */
  readonly url: string;
  /** CPU time (user + system, microseconds) the process has used so far. */
  cpuMicros(): Promise<number>;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

const SERVER_ENTRY = fileURLToPath(
  new URL('../server/server-main.js', import.meta.url),
);
const START_TIMEOUT_MS = 120_000;

/**
 * Forks the compiled server entry for `kind` and waits for its `ready` message. With
 * `BENCH_CPU_PROF_DIR` set, the process writes a V8 CPU profile there when it exits, named
 * `<name>.cpuprofile` (the row's id).
 */
export async function startServer(
  kind: ServerKind,
  config: ServerConfig,
  name: string = kind,
): Promise<ServerProcess> {
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const child = fork(SERVER_ENTRY, [kind, JSON.stringify(config)], {
    env: { ...process.env, NODE_ENV: 'production' },
    execArgv: profileDir
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${profileDir}`,
          `--cpu-prof-name=${name}.cpuprofile`,
        ]
      : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${kind} server did not start within 120 s`));
    }, START_TIMEOUT_MS);
    child.once('message', (message: { type?: string }) => {
      clearTimeout(timer);
      if (message?.type === 'ready') resolve();
      else reject(new Error(`${kind} server sent an unexpected message`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited during start (code ${code})`));
    });
  });
  return {
    url: `http://127.0.0.1:${config.port}/mcp`,
    cpuMicros: () => askCpu(child),
    stop: () => stopChild(child),
  };
}

function askCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string; micros?: number }) => {
      if (message?.type !== 'cpu') return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message.micros ?? Number.NaN);
    };
    const onExit = () => reject(new Error('server exited'));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ type: 'cpu' });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
