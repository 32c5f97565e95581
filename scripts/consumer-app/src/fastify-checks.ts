import { startTestIssuer } from '@nest-mcp/auth/testing';
import { listAndCall } from './mcp-client-call.js';
import { freePort, startServer, waitUntilServing } from './server-process.js';

type Check = (name: string, run: () => Promise<void> | void) => Promise<void>;
type ExpectEqual = (actual: unknown, expected: unknown, what: string) => void;

/**
 * `@nest-mcp/auth` and `@nest-mcp/server` on Fastify (`node dist/fastify-main.js`,
 * `@nestjs/platform-fastify`): boots, serves its metadata, guards a route, and serves a tool to the
 * official SDK client, as on Express.
 */
export async function checkAuthOnFastify(
  appDir: string,
  check: Check,
  expectEqual: ExpectEqual,
  bootTimeoutMs: number,
): Promise<void> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const metadataUrl = `${origin}/.well-known/oauth-protected-resource/mcp`;
  const idp = await startTestIssuer({ audience: `${origin}/mcp` });
  const server = startServer(
    appDir,
    {
      PORT: String(port),
      MCP_AUTH_RESOURCE_URL: `${origin}/mcp`,
      MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify([
        { issuer: idp.issuer, jwksUri: idp.jwksUri },
      ]),
    },
    'dist/fastify-main.js',
  );
  try {
    let serving = false;
    await check('on Fastify: boots and serves its metadata', async () => {
      await waitUntilServing(metadataUrl, server, bootTimeoutMs);
      serving = true;
      const metadata = (await (await fetch(metadataUrl)).json()) as {
        resource: string;
      };
      expectEqual(metadata.resource, `${origin}/mcp`, 'resource');
    });
    if (!serving) return;
    await check('on Fastify: 401 without a token, 200 with one', async () => {
      const refused = await fetch(`${origin}/notes`);
      expectEqual(refused.status, 401, 'status without a token');
      expectEqual(
        refused.headers.get('www-authenticate'),
        `Bearer scope="notes:read", resource_metadata="${metadataUrl}"`,
        'WWW-Authenticate',
      );
      const token = await idp.mint({ subject: 'dora', scope: 'notes:read' });
      const served = await fetch(`${origin}/notes`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expectEqual(served.status, 200, 'status with a token');
      expectEqual(
        await served.json(),
        { subject: 'dora', scopes: ['notes:read'] },
        'body',
      );
    });
    await check(
      'on Fastify: the SDK client lists and calls a tool',
      async () => {
        const token = await idp.mint({ subject: 'fay', scope: 'notes:write' });
        const { tools, structuredContent } = await listAndCall(
          `${origin}/mcp`,
          token,
          'add_note',
          { text: 'on fastify' },
        );
        expectEqual(tools, ['add_note', 'whoami'], 'listed tools');
        expectEqual(
          structuredContent,
          { subject: 'fay', text: 'on fastify', count: 1 },
          'add_note result',
        );
      },
    );
  } finally {
    await server.stop();
    await idp.close();
  }
}
