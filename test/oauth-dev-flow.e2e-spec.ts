import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type DevAuthorizationServer } from '@nest-mcp/dev-auth-server';
import { completeBrowserLogin } from '@nest-mcp/dev-auth-server/testing';
import { type RunningSample } from '../apps/sample/src/bootstrap.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { sampleWith, sampleWithExternalIssuer } from './support/sample-with.js';
import { TestOAuthClientProvider } from './support/test-oauth-client-provider.js';

type Identity = {
  subject: string;
  issuer: string;
  clientId: string;
  scopes: string[];
};

/** Starts the sample on a free port with `env` (and no other MCP_AUTH_* / MCP_DEV_AUTH_*). */
/**
 * What a real MCP client does on first use: connect, get 401, discover, register, send the user to
 * the authorization URL (the test plays the browser), exchange the code, connect again.
 */
async function signIn(
  endpoint: string,
  provider: TestOAuthClientProvider,
  username: string,
  grantScope?: string,
) {
  const first = new Client({ name: 'e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint), {
    authProvider: provider,
  });
  await expect(first.connect(transport)).rejects.toThrow(UnauthorizedError);
  const authorizationUrl = new URL(provider.lastAuthorizationUrl);
  if (grantScope) authorizationUrl.searchParams.set('scope', grantScope);
  const callback = await completeBrowserLogin(
    authorizationUrl,
    username,
    provider.redirectUrl,
  );
  await transport.finishAuth(callback.searchParams.get('code') as string);
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(endpoint), {
      authProvider: provider,
    }),
  );
  return client;
}

const identityOf = async (client: Client) =>
  (await client.callTool({ name: 'whoami', arguments: {} }))
    .structuredContent as Identity;

describe.each(HTTP_ADAPTERS)(
  'full OAuth flow with the real SDK client against the sample and its development AS on %s',
  (adapter) => {
    const saved = { ...process.env };
    let sample: RunningSample;
    let endpoint: string;

    beforeAll(async () => {
      ({ sample, endpoint } = await sampleWith({ MCP_HTTP_ADAPTER: adapter }));
    });
    afterAll(async () => {
      await sample.close();
      process.env = saved;
    });

    it('401 → metadata → AS discovery → registration → PKCE + resource → login → code → tools', async () => {
      expect(sample.devAuthorizationServer).toBeDefined();
      const dev = sample.devAuthorizationServer as DevAuthorizationServer;
      const provider = new TestOAuthClientProvider();
      const client = await signIn(endpoint, provider, 'dev-alice');

      const [authorizationUrl] = provider.authorizationUrls;
      expect(authorizationUrl.origin).toBe(dev.issuer);
      expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe(
        'S256',
      );
      expect(authorizationUrl.searchParams.get('code_challenge')).toMatch(
        /^[\w-]{43}$/,
      );
      expect(authorizationUrl.searchParams.get('resource')).toBe(endpoint);
      expect(authorizationUrl.searchParams.get('scope')).toBe(
        'notes:read notes:write',
      );
      expect(authorizationUrl.searchParams.get('client_id')).toBe(
        provider.clientInformation()?.client_id,
      );

      expect(
        (await client.listTools()).tools.map((tool) => tool.name).sort(),
      ).toEqual(['add_note', 'list_notes', 'update_note', 'whoami']);
      expect(await identityOf(client)).toMatchObject({
        subject: 'dev-alice',
        issuer: dev.issuer,
        clientId: provider.clientInformation()?.client_id,
        scopes: expect.arrayContaining(['notes:read', 'notes:write']),
      });
      await client.callTool({
        name: 'add_note',
        arguments: { text: 'first note' },
      });
      const listed = await client.callTool({
        name: 'list_notes',
        arguments: {},
      });
      expect(
        (
          listed.structuredContent as { notes: Array<{ text: string }> }
        ).notes.map((n) => n.text),
      ).toEqual(['first note']);
      await client.close();
    });

    it('step-up: a read-only grant gets 403 insufficient_scope on add_note, re-authorizes, then both tools work', async () => {
      const provider = new TestOAuthClientProvider();
      const client = await signIn(endpoint, provider, 'dev-bob', 'notes:read');
      expect((await identityOf(client)).scopes).toEqual(['notes:read']);
      expect(
        (await client.listTools()).tools.map((tool) => tool.name).sort(),
      ).toEqual(['list_notes', 'whoami']);

      await expect(
        client.callTool({ name: 'add_note', arguments: { text: 'x' } }),
      ).rejects.toThrow(UnauthorizedError);
      const stepUp = provider.lastAuthorizationUrl;
      expect(stepUp.searchParams.get('scope')?.split(' ').sort()).toEqual([
        'notes:read',
        'notes:write',
      ]);
      const callback = await completeBrowserLogin(
        stepUp,
        'dev-bob',
        provider.redirectUrl,
      );
      const again = new StreamableHTTPClientTransport(new URL(endpoint), {
        authProvider: provider,
      });
      await again.finishAuth(callback.searchParams.get('code') as string);

      const upgraded = new Client({ name: 'e2e', version: '1.0.0' });
      await upgraded.connect(again);
      const added = await upgraded.callTool({
        name: 'add_note',
        arguments: { text: 'after step-up' },
      });
      expect(added.isError).toBeFalsy();
      const listed = await upgraded.callTool({
        name: 'list_notes',
        arguments: {},
      });
      expect(
        (
          listed.structuredContent as { notes: Array<{ text: string }> }
        ).notes.map((n) => n.text),
      ).toEqual(['after step-up']);
      await Promise.all([client.close(), upgraded.close()]);
    });
  },
);

describe.each(HTTP_ADAPTERS)('token refresh on %s', (adapter) => {
  const saved = { ...process.env };
  let sample: RunningSample;
  let endpoint: string;

  beforeAll(async () => {
    ({ sample, endpoint } = await sampleWith({
      MCP_HTTP_ADAPTER: adapter,
      // Long enough that a refreshed token is still good when a loaded machine gets to use it.
      MCP_DEV_AUTH_ACCESS_TOKEN_TTL_SECONDS: '5',
      MCP_AUTH_CLOCK_TOLERANCE_SECONDS: '0',
    }));
  });
  afterAll(async () => {
    await sample.close();
    process.env = saved;
  });

  it('an expired access token is refreshed by the client and the call succeeds', async () => {
    const provider = new TestOAuthClientProvider({ refreshTokens: true });
    const client = await signIn(endpoint, provider, 'dev-carol');
    const firstToken = provider.tokens()?.access_token;
    expect(provider.tokens()?.refresh_token).toBeDefined();
    const { exp } = decodeJwt(firstToken!);
    await new Promise((resolve) =>
      setTimeout(resolve, exp! * 1000 - Date.now() + 100),
    );
    expect((await identityOf(client)).subject).toBe('dev-carol');
    expect(provider.tokens()?.access_token).not.toBe(firstToken);
    await client.close();
  });
});

describe.each(HTTP_ADAPTERS)(
  'same flow against an external oidc-provider issuer (MCP_AUTH_AUTHORIZATION_SERVERS) on %s',
  (adapter) => {
    const saved = { ...process.env };
    let external: DevAuthorizationServer;
    let sample: RunningSample;
    let endpoint: string;

    beforeAll(async () => {
      ({ external, sample, endpoint } = await sampleWithExternalIssuer({
        MCP_HTTP_ADAPTER: adapter,
      }));
    });
    afterAll(async () => {
      await sample.close();
      await external.close();
      process.env = saved;
    });

    it('starts no embedded server and accepts tokens of the external issuer', async () => {
      expect(sample.devAuthorizationServer).toBeUndefined();
      const provider = new TestOAuthClientProvider();
      const client = await signIn(endpoint, provider, 'ext-dave');
      expect(await identityOf(client)).toMatchObject({
        subject: 'ext-dave',
        issuer: external.issuer,
      });
      await client.close();
    });
  },
);
