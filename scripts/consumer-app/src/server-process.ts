import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** The app started as a user would (`node dist/main.js`), in a process of its own. */
export interface ServerProcess {
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves once it has exited: its exit code, or the signal that ended it. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** SIGTERM, then how it ended. */
  stop(): Promise<number | NodeJS.Signals>;
}

/** Starts `node <entry>` in `appDir` with `env` added to this process's environment. */
export function startServer(
  appDir: string,
  env: Record<string, string>,
  entry = 'dist/main.js',
): ServerProcess {
  const child = spawn(process.execPath, [entry], {
    cwd: appDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'SIGKILL')),
  );
  return {
    output: () => output,
    exited,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Polls `url` until it answers 200; fails if the process exits first or after `timeoutMs`. */
export async function waitUntilServing(
  url: string,
  server: ServerProcess,
  timeoutMs: number,
): Promise<void> {
  let exitCode: number | NodeJS.Signals | undefined;
  void server.exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(`exited with ${exitCode}:\n${server.output()}`);
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `not serving ${url} after ${timeoutMs} ms:\n${server.output()}`,
  );
}

/** Resolves with how it ended (exit code or signal), or fails after `timeoutMs`. */
export async function exitCodeWithin(
  server: ServerProcess,
  timeoutMs: number,
): Promise<number | NodeJS.Signals> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`still running after ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([server.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
