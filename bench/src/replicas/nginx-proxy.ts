import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** A running nginx that round-robins `/` over the replicas. */
export interface NginxProxy {
  /** `http://127.0.0.1:<port>`: the public origin clients use. */
  readonly origin: string;
  /** The configuration it runs with. */
  readonly config: string;
  /** What nginx wrote to stderr (its error log). */
  errors(): string;
  stop(): Promise<void>;
}

/** Settings of the proxy besides its upstreams. */
export interface NginxProxyOptions {
  /** Seconds nginx waits for a client's request headers, and between two body reads. */
  readonly clientTimeoutSeconds?: number;
}

/** The nginx binary, or a clear error when it is missing (install Debian's `nginx-light`). */
export function nginxBinary(): string {
  for (const candidate of ['nginx', '/usr/sbin/nginx']) {
    const probe = spawnSync(candidate, ['-v'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    'nginx not found: install it (Debian/Ubuntu: apt-get install -y nginx-light)',
  );
}

/**
 * The configuration a deployment would use in front of replicas: round robin over keep-alive
 * upstream connections (closed by nginx before Node's 5 s keep-alive timeout), the public Host and X-Forwarded-For/-Proto/-Host passed on, no response
 * buffering (Streamable HTTP may answer with an SSE stream), client timeouts against slow clients.
 * Runs unprivileged-style: everything (pid, temp paths, logs) inside `dir`.
 */
export function nginxConfig(
  dir: string,
  listenPort: number,
  upstreamPorts: readonly number[],
  options: NginxProxyOptions = {},
): string {
  const timeout = options.clientTimeoutSeconds ?? 10;
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `  ${kind}_temp_path ${join(dir, `${kind}-temp`)};`)
    .join('\n');
  return `daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
${process.getuid?.() === 0 ? 'user root;\n' : ''}events { worker_connections 4096; }
http {
  access_log off;
${temp}
  client_header_timeout ${timeout}s;
  client_body_timeout ${timeout}s;
  send_timeout ${timeout}s;
  keepalive_timeout 30s;
  upstream replicas {
${upstreamPorts.map((port) => `    server 127.0.0.1:${port} max_fails=0;`).join('\n')}
    keepalive 64;
    # Shorter than Node's keepAliveTimeout (5 s): nginx must never reuse an upstream connection
    # the replica is closing, or a POST on it fails with 502 (nginx does not retry POSTs).
    keepalive_timeout 4s;
  }
  server {
    listen 127.0.0.1:${listenPort};
    location / {
      proxy_pass http://replicas;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_buffering off;
      proxy_read_timeout 60s;
    }
  }
}
`;
}

/** Starts nginx on `listenPort` in front of `upstreamPorts` and waits until it accepts connections. */
export async function startNginxProxy(
  listenPort: number,
  upstreamPorts: readonly number[],
  options: NginxProxyOptions = {},
): Promise<NginxProxy> {
  const binary = nginxBinary();
  const dir = mkdtempSync(join(tmpdir(), 'nginx-replicas-'));
  const config = nginxConfig(dir, listenPort, upstreamPorts, options);
  const configFile = join(dir, 'nginx.conf');
  writeFileSync(configFile, config);
  const child = spawn(binary, ['-p', dir, '-c', configFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-100_000);
  });
  await waitForPort(listenPort, child, () => stderr);
  return {
    origin: `http://127.0.0.1:${listenPort}`,
    config,
    errors: () => stderr,
    stop: () => stopNginx(child),
  };
}

async function waitForPort(
  port: number,
  child: ChildProcess,
  stderr: () => string,
): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) {
      throw new Error(`nginx exited (code ${child.exitCode}): ${stderr()}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await delay(100);
  }
  child.kill('SIGKILL');
  throw new Error(`nginx did not listen on ${port} within 20 s: ${stderr()}`);
}

function stopNginx(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    // SIGQUIT: graceful shutdown of nginx's master and workers.
    child.kill('SIGQUIT');
  });
}
