import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  generateSigningKey,
  startTestIssuer,
  type TestIssuer,
  type TestSigningKey,
} from '@nest-mcp/auth/testing';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { runNode, type NodeRun } from './support/run-node.js';

const ROOT = process.cwd();
const RESOURCE = 'http://127.0.0.1:3000/mcp';
const BUILD_TIMEOUT = 180_000;
const RUN_TIMEOUT = 60_000;

/** Runs the compiled `nest-mcp-auth-doctor` with `input` on stdin. */
const runDoctor = (
  bin: string,
  input: string,
  env: Record<string, string>,
  args: string[] = [],
  cwd = ROOT,
) => runNode(bin, args, env, input, cwd);

describe('nest-mcp-auth-doctor, spawned against a real JWKS over HTTP (RFC 9068 §4)', () => {
  let idp: TestIssuer;
  let stranger: TestSigningKey;
  let outDir: string;
  let bin: string;
  let env: Record<string, string>;
  const now = () => Math.floor(Date.now() / 1000);
  /** The token and its signature must never be printed. */
  const expectNoToken = (run: NodeRun, token: string) => {
    const all = run.stdout + run.stderr;
    expect(all).not.toContain(token);
    const signature = token.split('.')[2];
    if (signature) expect(all).not.toContain(signature);
    expect(all).not.toContain('subject-not-printed');
  };

  beforeAll(async () => {
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    outDir = mkdtempSync(join(ROOT, 'dist', 'doctor-e2e-'));
    const build = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/typescript/bin/tsc'),
        '-p',
        'libs/mcp-auth/tsconfig.doctor.json',
        '--outDir',
        join(outDir, 'dist', 'src'),
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(build.stdout + build.stderr).toBe('');
    // The build mirrors the package layout (compiled src/ in dist/src/, as "main" says), so the
    // "bin" entry of libs/mcp-auth/package.json names the file that runs.
    const manifest = JSON.parse(
      readFileSync(join(ROOT, 'libs/mcp-auth/package.json'), 'utf8'),
    ) as { main: string; bin: Record<string, string> };
    expect(existsSync(join(outDir, manifest.main))).toBe(true);
    bin = join(outDir, manifest.bin['nest-mcp-auth-doctor']);
    expect(readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    idp = await startTestIssuer({ audience: RESOURCE });
    stranger = await generateSigningKey('RS256');
    env = {
      MCP_AUTH_RESOURCE_URL: RESOURCE,
      MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify([
        { issuer: idp.issuer, jwksUri: idp.jwksUri },
      ]),
      MCP_AUTH_REQUIRED_SCOPES: 'notes:read',
      MCP_AUTH_SCOPES_SUPPORTED: 'notes:read notes:write',
    };
  }, BUILD_TIMEOUT);
  afterAll(async () => {
    rmSync(outDir, { recursive: true, force: true });
    await idp?.close();
  });

  const mint = (options: Parameters<TestIssuer['mint']>[0] = {}) =>
    idp.mint({
      scope: 'notes:read',
      subject: 'subject-not-printed',
      ...options,
    });

  it(
    'valid: exit 0, every check passes, the verdict names issuer and scopes',
    async () => {
      const token = await mint();
      const run = await runDoctor(bin, `${token}\n`, env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      for (const check of [
        'structure',
        'issuer',
        'algorithm',
        'typ',
        'key',
        'signature',
        'audience',
        'time',
        'subject',
        'scopes',
      ]) {
        expect(run.stdout).toMatch(new RegExp(`^  PASS  ${check} `, 'm'));
      }
      expect(run.stdout).not.toMatch(/^ {2}(FAIL|----) /m);
      expect(run.stdout).toContain(`kid="${idp.key.kid}" jwks=${idp.jwksUri}`);
      expect(run.stdout).toContain('with this token: HTTP 200');
      expect(run.stdout).toContain(
        `Verdict: ACCEPTED (issuer "${idp.issuer}", client "test-client", scopes ["notes:read"])`,
      );
      expectNoToken(run, token);
    },
    RUN_TIMEOUT,
  );

  it(
    'wrong audience: exit 1, the audience check fails with presented and accepted values and the fix',
    async () => {
      const token = await mint({ audience: 'https://other.example/mcp' });
      const run = await runDoctor(bin, token, env);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /^ {2}FAIL {2}audience {3}aud="https:\/\/other\.example\/mcp" accepted=\["http:\/\/127\.0\.0\.1:3000\/mcp"\]$/m,
      );
      expect(run.stdout).toMatch(/^ {20}fix: aud must contain an accepted/m);
      for (const check of ['structure', 'issuer', 'key', 'signature'])
        expect(run.stdout).toMatch(new RegExp(`^  PASS  ${check} `, 'm'));
      expect(run.stdout).toMatch(/^ {2}---- {2}time /m);
      expect(run.stdout).toContain(
        'with this token: HTTP 401, WWW-Authenticate: Bearer error="invalid_token", error_description="The access token is invalid", resource_metadata="http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp"',
      );
      expect(run.stdout).toMatch(
        /^ {2}WARN {2}Rejected bearer token: reason=wrong_audience /m,
      );
      expect(run.stdout).toContain(
        'Verdict: REFUSED (wrong_audience): HTTP 401',
      );
      expectNoToken(run, token);
    },
    RUN_TIMEOUT,
  );

  it(
    'expired: exit 1, the time check fails with the clock offset',
    async () => {
      const token = await mint({ claims: { exp: now() - 3600 } });
      const run = await runDoctor(bin, token, env);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /^ {2}FAIL {2}time {7}exp=\d+\(36\d\ds ago\) /m,
      );
      expect(run.stdout).toContain(
        'error_description="The access token has expired"',
      );
      expect(run.stdout).toContain('Verdict: REFUSED (expired): HTTP 401');
      expectNoToken(run, token);
    },
    RUN_TIMEOUT,
  );

  it(
    'wrong issuer: exit 1, the issuer check fails naming the trusted issuers',
    async () => {
      const token = await mint({ issuer: 'https://evil.example' });
      const run = await runDoctor(bin, token, env);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        new RegExp(
          `^  FAIL  issuer +iss="https://evil.example" trusted=\\["${idp.issuer}"\\]$`,
          'm',
        ),
      );
      expect(run.stdout).toMatch(/^ {2}---- {2}key /m);
      expect(run.stdout).toContain('Verdict: REFUSED (untrusted_issuer)');
      expectNoToken(run, token);
    },
    RUN_TIMEOUT,
  );

  it(
    'unknown kid: exit 1, the key check fails with the kid and the JWKS',
    async () => {
      const token = await idp.mint(
        { scope: 'notes:read', subject: 'subject-not-printed' },
        stranger,
      );
      const run = await runDoctor(bin, token, env);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        new RegExp(
          `^  FAIL  key +kid="${stranger.kid}" jwks=${idp.jwksUri}$`,
          'm',
        ),
      );
      expect(run.stdout).toContain('Verdict: REFUSED (unknown_key)');
      expectNoToken(run, token);
    },
    RUN_TIMEOUT,
  );

  it(
    'garbage: exit 1, the structure check fails',
    async () => {
      const garbage = 'this-is-not-a-token-at-all-0123456789';
      const run = await runDoctor(bin, garbage, env);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^ {2}FAIL {2}structure /m);
      expect(run.stdout).toContain('Verdict: REFUSED (malformed)');
      expect(run.stdout + run.stderr).not.toContain(garbage);
    },
    RUN_TIMEOUT,
  );

  it(
    'a missing scope (required or --scope): exit 1 with the 403 challenge',
    async () => {
      const token = await mint();
      const run = await runDoctor(bin, token, env, ['--scope', 'notes:write']);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /^ {2}FAIL {2}scopes {5}granted=\["notes:read"\] needed=\["notes:read","notes:write"\]$/m,
      );
      expect(run.stdout).toContain(
        'with this token: HTTP 403, WWW-Authenticate: Bearer error="insufficient_scope"',
      );
      expectNoToken(run, token);
    },
    RUN_TIMEOUT,
  );

  it(
    'refuses a token given as an argument without echoing it: exit 2',
    async () => {
      const token = await mint();
      const run = await runDoctor(bin, '', env, [token]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('the token is read from stdin only');
      expect(run.stdout).toBe('');
      expectNoToken(run, token);
    },
    RUN_TIMEOUT,
  );

  it(
    'empty stdin or a configuration error: exit 2 with the message',
    async () => {
      const empty = await runDoctor(bin, '', env);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('no token on stdin');
      const noConfig = await runDoctor(bin, 'x.y.z', {}, [], outDir);
      expect(noConfig.code).toBe(2);
      expect(noConfig.stderr).toContain('MCP_AUTH_RESOURCE_URL');
    },
    RUN_TIMEOUT,
  );

  it(
    'reads a .env file of the current directory for what the environment leaves unset',
    async () => {
      const dir = mkdtempSync(join(outDir, 'cwd-'));
      writeFileSync(
        join(dir, '.env'),
        Object.entries(env)
          .map(([name, value]) => `${name}='${value}'`)
          .join('\n'),
      );
      const token = await mint();
      const run = await runDoctor(bin, token, {}, [], dir);
      expect(run.code).toBe(0);
    },
    RUN_TIMEOUT,
  );
});
