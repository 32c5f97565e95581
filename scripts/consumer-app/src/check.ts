import { cp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestIssuer } from '@nest-mcp/auth/testing';
import { startDevAuthorizationServer } from '@nest-mcp/dev-auth-server';
import { authorizationCodeFlow } from '@nest-mcp/dev-auth-server/testing';
import { checkAuthOnFastify } from './fastify-checks.js';
import { listAndCall } from './mcp-client-call.js';
import { resolutionProblems } from './resolution.js';
import {
  exitCodeWithin,
  freePort,
  startServer,
  waitUntilServing,
} from './server-process.js';

/**
 * The consumer e2e, run in the installed app: every check prints `ok - <name>` or
 * `not ok - <name>: <why>`; the exit code is non-zero if any failed. With `CONSUMER_RESULTS` set,
 * the counts are also written there as `{ numPassedTests, numFailedTests }`.
 */
const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const BOOT_TIMEOUT_MS = 120_000;
let passed = 0;
let failed = 0;

async function check(name: string, run: () => Promise<void> | void) {
  try {
    await run();
    passed++;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed++;
    console.log(
      `not ok - ${name}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

async function main(): Promise<void> {
  await check(
    'every package resolves inside the app, one shared @nest-mcp/auth',
    () => {
      const problems = resolutionProblems(appDir);
      if (problems.length > 0) throw new Error(problems.join('; '));
    },
  );

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const resource = `${origin}/mcp`;
  const metadataUrl = `${origin}/.well-known/oauth-protected-resource/mcp`;
  const idp = await startTestIssuer({ audience: resource });
  const devAuth = await startDevAuthorizationServer({
    resource,
    scopes: ['notes:read', 'notes:write'],
  });
  const env = {
    PORT: String(port),
    MCP_AUTH_RESOURCE_URL: resource,
    MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify([
      { issuer: idp.issuer, jwksUri: idp.jwksUri },
      { issuer: devAuth.issuer },
    ]),
    MCP_AUTH_SCOPES_SUPPORTED: 'notes:read notes:write',
  };
  const server = startServer(appDir, env);
  try {
    let serving = false;
    await check(
      'boots (node dist/main.js) and serves its metadata',
      async () => {
        await waitUntilServing(metadataUrl, server, BOOT_TIMEOUT_MS);
        serving = true;
        const metadata = (await (await fetch(metadataUrl)).json()) as {
          resource: string;
          authorization_servers: string[];
        };
        expectEqual(metadata.resource, resource, 'resource');
        expectEqual(
          metadata.authorization_servers,
          [idp.issuer, devAuth.issuer],
          'authorization_servers',
        );
      },
    );
    if (!serving) return;

    await check(
      '@RequireScopes route without a token: 401 with the Bearer challenge',
      async () => {
        const response = await fetch(`${origin}/notes`);
        expectEqual(response.status, 401, 'status');
        expectEqual(
          response.headers.get('www-authenticate'),
          `Bearer scope="notes:read", resource_metadata="${metadataUrl}"`,
          'WWW-Authenticate',
        );
      },
    );

    await check(
      '@RequireScopes route with a token from @nest-mcp/auth/testing: 200',
      async () => {
        const token = await idp.mint({ subject: 'alice', scope: 'notes:read' });
        const response = await fetch(`${origin}/notes`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expectEqual(response.status, 200, 'status');
        expectEqual(
          await response.json(),
          { subject: 'alice', scopes: ['notes:read'] },
          'body',
        );
      },
    );

    await check(
      '@RequireScopes route with a token lacking the scope: 403 insufficient_scope',
      async () => {
        const token = await idp.mint({
          subject: 'alice',
          scope: 'notes:write',
        });
        const response = await fetch(`${origin}/notes`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expectEqual(response.status, 403, 'status');
        const challenge = response.headers.get('www-authenticate') ?? '';
        if (!challenge.startsWith('Bearer error="insufficient_scope"'))
          throw new Error(`WWW-Authenticate: ${challenge}`);
      },
    );

    await check(
      'MCP through the SDK client: tools/list and tools/call of a scoped @Tool()',
      async () => {
        const token = await idp.mint({
          subject: 'bob',
          scope: 'notes:read notes:write',
        });
        const seen = await listAndCall(resource, token, 'add_note', {
          text: 'hello',
        });
        expectEqual(seen.tools, ['add_note', 'whoami'], 'tools/list');
        expectEqual(
          seen.structuredContent,
          { subject: 'bob', text: 'hello', count: 1 },
          'add_note result',
        );
      },
    );

    await check(
      "tools/call without the tool's scope: 403 with an insufficient_scope challenge",
      async () => {
        const token = await idp.mint({ subject: 'bob', scope: 'notes:read' });
        const response = await fetch(resource, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': '2025-06-18',
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name: 'add_note', arguments: { text: 'x' } },
          }),
        });
        expectEqual(response.status, 403, 'status');
        const challenge = response.headers.get('www-authenticate') ?? '';
        if (
          !challenge.includes('error="insufficient_scope"') ||
          !challenge.includes('notes:write')
        )
          throw new Error(`WWW-Authenticate: ${challenge}`);
      },
    );

    await check(
      'token from @nest-mcp/dev-auth-server (code flow by its /testing entry) calls a tool',
      async () => {
        const { tokens } = await authorizationCodeFlow({
          issuer: devAuth.issuer,
          resource,
          username: 'carol',
          scope: 'notes:read',
        });
        const seen = await listAndCall(
          resource,
          tokens.access_token,
          'whoami',
          {},
        );
        expectEqual(seen.tools, ['whoami'], 'tools/list for notes:read');
        expectEqual(
          seen.structuredContent,
          { subject: 'carol', issuer: devAuth.issuer },
          'whoami result',
        );
      },
    );

    await check(
      'stops on SIGTERM (Nest shutdown hooks re-raise the signal)',
      async () => {
        const end = server.stop();
        expectEqual(
          await exitCodeWithin(server, BOOT_TIMEOUT_MS),
          'SIGTERM',
          'end',
        );
        await end;
      },
    );

    await check(
      'a second copy of @nest-mcp/auth under @nest-mcp/server: boot fails naming it',
      async () => {
        const modules = join(appDir, 'node_modules');
        const copy = join(
          modules,
          '@nest-mcp',
          'server',
          'node_modules',
          '@nest-mcp',
          'auth',
        );
        await cp(join(modules, '@nest-mcp', 'auth'), copy, { recursive: true });
        try {
          const broken = startServer(appDir, env);
          const code = await exitCodeWithin(broken, BOOT_TIMEOUT_MS).finally(
            () => broken.stop(),
          );
          expectEqual(code, 1, 'exit code');
          if (!broken.output().includes('from a second copy of @nest-mcp/auth'))
            throw new Error(`unexpected output:\n${broken.output()}`);
        } finally {
          await rm(join(modules, '@nest-mcp', 'server', 'node_modules'), {
            recursive: true,
            force: true,
          });
        }
      },
    );
    await checkAuthOnFastify(appDir, check, expectEqual, BOOT_TIMEOUT_MS);
  } finally {
    await server.stop();
    await idp.close();
    await devAuth.close();
  }
}

main()
  .catch(async (error: unknown) => {
    failed++;
    console.log(
      `not ok - consumer e2e: ${error instanceof Error ? error.stack : String(error)}`,
    );
  })
  .then(async () => {
    console.log(`consumer e2e: ${passed} passed, ${failed} failed`);
    if (process.env.CONSUMER_RESULTS)
      await writeFile(
        process.env.CONSUMER_RESULTS,
        JSON.stringify({ numPassedTests: passed, numFailedTests: failed }),
      );
    process.exit(failed > 0 || passed === 0 ? 1 : 0);
  });
