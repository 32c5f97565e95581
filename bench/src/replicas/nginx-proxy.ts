import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** A running nginx that routes `/` over the replicas with the shipped configuration. */
export interface NginxProxy {
  /** `http://127.0.0.1:<port>`: the public origin clients use. */
  readonly origin: string;
  /** The configuration it runs with: the shipped file with the addresses replaced. */
  readonly config: string;
  /** What nginx wrote to stderr (its error log). */
  errors(): string;
  stop(): Promise<void>;
}

/** The nginx configuration the repository ships for three replicas (relative to the repository). */
export const SHIPPED_NGINX_CONFIG = 'deploy/nginx/mcp-replicas.conf';

/** The replica ids the shipped configuration routes by (`MCP_SERVER_REPLICA_ID` of each replica). */
export const SHIPPED_REPLICA_IDS = ['r1', 'r2', 'r3'] as const;

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
 * The shipped `deploy/nginx/mcp-replicas.conf` with only its addresses replaced: `listen 80;` by
 * the loopback `listenPort`, and `mcp-r<n>:3000` by `127.0.0.1:<port of replica n>`. Every one
 * of them must occur in the file, so a change to the file cannot silently escape the check.
 */
export function shippedNginxConfig(
  listenPort: number,
  upstreamPorts: readonly number[],
): string {
  if (upstreamPorts.length !== SHIPPED_REPLICA_IDS.length) {
    throw new Error(
      `${SHIPPED_NGINX_CONFIG} routes ${SHIPPED_REPLICA_IDS.length} replicas, not ${upstreamPorts.length}`,
    );
  }
  const replacements: Array<[string, string]> = [
    ['listen 80;', `listen 127.0.0.1:${listenPort};`],
    ...SHIPPED_REPLICA_IDS.map((id, i): [string, string] => [
      `mcp-${id}:3000`,
      `127.0.0.1:${upstreamPorts[i]}`,
    ]),
  ];
  let config = readFileSync(SHIPPED_NGINX_CONFIG, 'utf8');
  for (const [from, to] of replacements) {
    if (!config.includes(from)) {
      throw new Error(`${SHIPPED_NGINX_CONFIG} no longer contains "${from}"`);
    }
    config = config.replaceAll(from, to);
  }
  return config;
}

/**
 * The main configuration around the shipped file, as Debian's `nginx.conf` includes `conf.d/`:
 * everything (pid, temp paths, logs) inside `dir`, so nginx runs unprivileged.
 */
function mainConfig(dir: string, include: string): string {
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
  include ${include};
}
`;
}

/**
 * Starts nginx on `listenPort` with the shipped configuration in front of `upstreamPorts` (the
 * replicas r1, r2, r3 in order) and waits until it accepts connections.
 */
export async function startNginxProxy(
  listenPort: number,
  upstreamPorts: readonly number[],
): Promise<NginxProxy> {
  const binary = nginxBinary();
  const dir = mkdtempSync(join(tmpdir(), 'nginx-replicas-'));
  const config = shippedNginxConfig(listenPort, upstreamPorts);
  const siteFile = join(dir, 'mcp-replicas.conf');
  writeFileSync(siteFile, config);
  const configFile = join(dir, 'nginx.conf');
  writeFileSync(configFile, mainConfig(dir, siteFile));
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
