import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/client';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RunningSample } from '../apps/sample/src/bootstrap.js';
import { freePort } from './support/free-port.js';
import { connectV2Client } from './support/mcp-client-v2.js';
import { runNode } from './support/run-node.js';
import { sampleWith } from './support/sample-with.js';

const ROOT = process.cwd();
const BUILD_TIMEOUT = 240_000;

/** Runs `node file args` with only `env` (and PATH), `input` on stdin. */
const run = (
  file: string,
  args: string[],
  env: Record<string, string>,
  input = '',
) => runNode(file, args, env, input, ROOT);

// Express only: it tests the CLI tools (built once, slowly); the sample's answers they read are proven on both platforms elsewhere.
/**
 * `npm run token` and `npm run doctor` as `npm run build` compiles them (the Nest CLI build of the
 * sample, into a directory of this test), against the sample listening with its embedded
 * development authorization server and no MCP_AUTH_* variable.
 */
describe('the sample command-line tools (npm run token, npm run doctor)', () => {
  const saved = { ...process.env };
  let outDir: string;
  let sample: RunningSample;
  let endpoint: string;
  let env: Record<string, string>;
  const cli = (name: string) =>
    join(outDir, 'out/apps/sample/src/cli', `${name}.js`);

  beforeAll(async () => {
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    outDir = mkdtempSync(join(ROOT, 'dist', 'sample-cli-e2e-'));
    writeFileSync(
      join(outDir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../apps/sample/tsconfig.app.json',
        // Not '.': the build empties its outDir first (deleteOutDir).
        compilerOptions: { outDir: './out' },
      }),
    );
    const build = await run(
      join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'),
      // The Nest CLI reads --path relative to the working directory.
      [
        'build',
        'sample',
        '--path',
        relative(ROOT, join(outDir, 'tsconfig.json')),
      ],
      {},
    );
    expect(`${build.code} ${build.stdout}${build.stderr}`).toBe('0 ');
    const port = await freePort();
    const devPort = await freePort();
    env = {
      HOST: '127.0.0.1',
      PORT: String(port),
      MCP_DEV_AUTH_PORT: String(devPort),
    };
    ({ sample, endpoint } = await sampleWith(env, port));
  }, BUILD_TIMEOUT);
  afterAll(async () => {
    await sample?.close();
    process.env = saved;
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  let token: string;

  it('npm run token prints only an access token, signed in through the code flow', async () => {
    const result = await run(
      cli('token'),
      ['--user', 'alice', '--scope', 'notes:read notes:write'],
      env,
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/u);
    token = result.stdout.trim();
  });

  it('the token calls the tools of the sample (whoami, add_note)', async () => {
    let client: Client | undefined;
    try {
      client = await connectV2Client(endpoint, token, { pin: '2026-07-28' });
      const who = await client.callTool({ name: 'whoami', arguments: {} });
      expect(who.structuredContent).toMatchObject({
        subject: 'alice',
        issuer: `http://127.0.0.1:${env.MCP_DEV_AUTH_PORT}`,
        scopes: ['notes:read', 'notes:write'],
      });
      const note = await client.callTool({
        name: 'add_note',
        arguments: { text: 'from npm run token' },
      });
      expect(note.isError).toBeFalsy();
    } finally {
      await client?.close();
    }
  });

  it('npm run doctor accepts it with the sample defaults (no MCP_AUTH_* set)', async () => {
    const result = await run(cli('doctor'), [], env, `${token}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Verdict: ACCEPTED (issuer "http://127.0.0.1:${env.MCP_DEV_AUTH_PORT}"`,
    );
    expect(result.stdout).toContain(`resource          ${endpoint}`);
  });

  it('npm run token explains a sample that is not running, and asks for help', async () => {
    const closed = await run(cli('token'), [], {
      ...env,
      PORT: String(await freePort()),
    });
    expect(closed.code).toBe(1);
    expect(closed.stdout).toBe('');
    expect(closed.stderr).toMatch(/no sample answers at .*start it first/u);
    const usage = await run(cli('token'), ['--bogus'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run -s token');
  });

  it('the doctor names the variable and the option when the issuer cannot be assumed', async () => {
    const result = await run(
      cli('doctor'),
      [],
      { ...env, MCP_DEV_AUTH_PORT: '0' },
      `${token}\n`,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'MCP_AUTH_AUTHORIZATION_SERVERS (option authorizationServers) is not set',
    );
  });
});
