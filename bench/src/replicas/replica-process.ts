import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** RSS and V8 heap of a process, in bytes (`process.memoryUsage()`). */
export interface MemorySample {
  readonly rss: number;
  readonly heapUsed: number;
  /** V8 heap reserved (used and free pages of all spaces). */
  readonly heapTotal: number;
  /** Memory of C++ objects bound to JavaScript objects, `arrayBuffers` included. */
  readonly external: number;
  /** `ArrayBuffer`s and `SharedArrayBuffer`s, Node's `Buffer`s included. */
  readonly arrayBuffers: number;
}

/** One replica: the compiled sample in its own Node process. */
export interface ReplicaProcess {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  /** Everything it wrote to stdout and stderr so far. */
  log(): string;
  /**
   * Its memory, after a full garbage collection (retained heap) unless `gc` is false (a sample that
   * leaves the heap alone, for a timeline).
   */
  memory(options?: { gc?: boolean }): Promise<MemorySample>;
  /** SIGTERM; SIGKILL after 10 s. Resolves with the exit code once it has exited. */
  stop(): Promise<number | null>;
}

/** The compiled sample (`npm run build`). */
export const SAMPLE_ENTRY = 'dist/apps/sample/src/main.js';
const MEMORY_PROBE = fileURLToPath(
  new URL('./memory-probe.js', import.meta.url),
);
const START_TIMEOUT_MS = 60_000;

/** Starts the compiled sample as replica `name` on `port` with `env` added, and waits until ready. */
export async function startReplica(
  name: string,
  port: number,
  env: Record<string, string>,
): Promise<ReplicaProcess> {
  const child = fork(SAMPLE_ENTRY, [], {
    execArgv: ['--expose-gc', '--import', MEMORY_PROBE],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      SAMPLE_REPLICA_NAME: name,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-200_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`replica ${name} not ready within 60 s:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      if (output.includes('Ready on')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `replica ${name} exited during start (code ${code}):\n${output}`,
        ),
      );
    });
  });
  return {
    name,
    port,
    pid: child.pid!,
    log: () => output,
    memory: (options) => askMemory(child, options?.gc ?? true),
    stop: () => stopChild(child),
  };
}

let memoryRequests = 0;

function askMemory(child: ChildProcess, gc: boolean): Promise<MemorySample> {
  const id = ++memoryRequests;
  return new Promise((resolve, reject) => {
    const onMessage = (message: {
      type?: string;
      id?: number;
      usage?: NodeJS.MemoryUsage;
    }) => {
      if (message?.type !== 'memory' || message.id !== id || !message.usage)
        return;
      child.off('message', onMessage);
      const { rss, heapUsed, heapTotal, external, arrayBuffers } =
        message.usage;
      resolve({ rss, heapUsed, heapTotal, external, arrayBuffers });
    };
    child.on('message', onMessage);
    child.send({ type: 'memory', id, gc }, (error) => {
      if (error) {
        child.off('message', onMessage);
        reject(error);
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(child.exitCode);
  }
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}
