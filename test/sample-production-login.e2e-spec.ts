import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { freePort } from './support/free-port.js';

const ROOT = process.cwd();
const BUILD_TIMEOUT = 240_000;
const RUN_TIMEOUT = 60_000;

/** How a run of the compiled sample ended: it exited, or logged its ready line (then stopped). */
interface Outcome {
  readonly code: number | null;
  readonly ready: boolean;
  readonly output: string;
  /** What `whileReady` found, when the sample got ready. */
  readonly probe?: unknown;
}

/**
 * The compiled sample as `npm run start:prod` runs it, under `NODE_ENV=production`: with no
 * trusted issuer it must not fall back to its passwordless development login unless
 * `MCP_DEV_AUTH=true` asks for it.
 */
describe('the sample under NODE_ENV=production: the development login only when asked for', () => {
  let outDir: string;
  let main: string;

  beforeAll(() => {
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    outDir = mkdtempSync(join(ROOT, 'dist', 'sample-production-e2e-'));
    const config = join(outDir, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: relative(outDir, join(ROOT, 'apps/sample/tsconfig.app.json')),
        compilerOptions: { outDir: './build' },
      }),
    );
    const build = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'),
        'build',
        'sample',
        '-p',
        relative(ROOT, config),
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(`${build.status} ${build.stdout}${build.stderr}`).toBe('0 ');
    main = join(outDir, 'build/apps/sample/src/main.js');
  }, BUILD_TIMEOUT);
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  /** Runs the compiled sample with only `env` (plus PATH and a free PORT); stops it once ready. */
  async function run(
    env: Record<string, string>,
    whileReady?: (output: string) => Promise<unknown>,
  ): Promise<Outcome> {
    const child = spawn(process.execPath, [main], {
      cwd: outDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        MCP_DEV_AUTH_PORT: '0',
        NO_COLOR: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return outcomeOf(child, whileReady);
  }

  it(
    'refuses to start with no issuer: exit 1 and a message naming MCP_AUTH_AUTHORIZATION_SERVERS and MCP_DEV_AUTH',
    async () => {
      const outcome = await run({ NODE_ENV: 'production' });
      expect(outcome.ready).toBe(false);
      expect(outcome.code).toBe(1);
      expect(outcome.output).toContain(
        'NODE_ENV is production and MCP_AUTH_AUTHORIZATION_SERVERS is not set',
      );
      expect(outcome.output).toContain('MCP_DEV_AUTH=true');
      expect(outcome.output).not.toContain('DEVELOPMENT AUTHORIZATION SERVER');
    },
    RUN_TIMEOUT,
  );

  it.each(['   ', '\t'])(
    'refuses a blank issuer list %j as a configuration error, even with MCP_DEV_AUTH=true',
    async (blank) => {
      const extras: Record<string, string>[] = [{}, { MCP_DEV_AUTH: 'true' }];
      for (const extra of extras) {
        const outcome = await run({
          NODE_ENV: 'production',
          MCP_AUTH_AUTHORIZATION_SERVERS: blank,
          ...extra,
        });
        expect(outcome.code).toBe(1);
        expect(outcome.output).toContain(
          'MCP_AUTH_AUTHORIZATION_SERVERS is blank',
        );
        expect(outcome.output).not.toContain(
          'DEVELOPMENT AUTHORIZATION SERVER',
        );
      }
    },
    RUN_TIMEOUT,
  );

  it(
    'refuses an MCP_DEV_AUTH that is neither true nor false',
    async () => {
      const outcome = await run({
        NODE_ENV: 'production',
        MCP_DEV_AUTH: 'yes',
      });
      expect(outcome.code).toBe(1);
      expect(outcome.output).toContain(
        'MCP_DEV_AUTH "yes" must be true or false',
      );
    },
    RUN_TIMEOUT,
  );

  it(
    'starts the development login with MCP_DEV_AUTH=true, and says it is open to anyone',
    async () => {
      const outcome = await run(
        { NODE_ENV: 'production', MCP_DEV_AUTH: 'true' },
        async (output) => {
          const issuer = /running at (http:\/\/[\d.:]+)/.exec(output)?.[1];
          const discovery = await fetch(
            `${issuer}/.well-known/oauth-authorization-server`,
          );
          return ((await discovery.json()) as { issuer?: string }).issuer;
        },
      );
      expect(outcome.ready).toBe(true);
      expect(outcome.probe).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(outcome.output).toContain('DEVELOPMENT AUTHORIZATION SERVER');
      expect(outcome.output).toContain(
        'NODE_ENV is production and MCP_DEV_AUTH=true',
      );
    },
    RUN_TIMEOUT,
  );
});

/**
 * Waits until `child` exits, or logs its ready line (then SIGTERM, and waits for its exit; how it
 * exits then is not what these tests check).
 */
function outcomeOf(
  child: ChildProcess,
  whileReady: (output: string) => Promise<unknown> = async () => undefined,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    let probe: Promise<unknown> = Promise.resolve(undefined);
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!ready && output.includes('Ready on')) {
        ready = true;
        probe = whileReady(output).finally(() => child.kill('SIGTERM'));
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      probe.then(
        (found) => resolve({ code, ready, output, probe: found }),
        reject,
      );
    });
  });
}
