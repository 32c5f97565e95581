import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Client,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import { type DevAuthorizationServer } from '@nest-mcp/dev-auth-server';
import { completeBrowserLogin } from '@nest-mcp/dev-auth-server/testing';
import type { RunningSample } from '../apps/sample/src/bootstrap.js';
import { sampleWith, sampleWithExternalIssuer } from './support/sample-with.js';
import { TestOAuthClientProvider } from './support/test-oauth-client-provider.js';

const PIN = { versionNegotiation: { mode: { pin: '2026-07-28' } } } as const;

/** Starts the sample on a free port with only `env` among the MCP_AUTH_* / MCP_DEV_AUTH_* variables. */
const transportFor = (endpoint: string, provider: TestOAuthClientProvider) =>
  new StreamableHTTPClientTransport(new URL(endpoint), {
    authProvider: provider,
  });

/**
 * The SDK v2 client's own OAuth: 401 → metadata → AS discovery → registration → PKCE → login (the
 * test plays the browser) → callback with `iss` (RFC 9207, checked by the client) → tokens.
 */
async function signIn(
  endpoint: string,
  provider: TestOAuthClientProvider,
  username: string,
  issuer: string,
  grantScope?: string,
) {
  const first = new Client({ name: 'e2e-v2', version: '1.0.0' }, PIN);
  const transport = transportFor(endpoint, provider);
  await expect(first.connect(transport)).rejects.toThrow(UnauthorizedError);
  const authorizationUrl = new URL(provider.lastAuthorizationUrl);
  if (grantScope) authorizationUrl.searchParams.set('scope', grantScope);
  const callback = await completeBrowserLogin(
    authorizationUrl,
    username,
    provider.redirectUrl,
  );
  expect(callback.searchParams.get('iss')).toBe(issuer);
  await transport.finishAuth(callback.searchParams);
  const client = new Client({ name: 'e2e-v2', version: '1.0.0' }, PIN);
  await client.connect(transportFor(endpoint, provider));
  expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
  return client;
}

const whoami = async (client: Client) =>
  (await client.callTool({ name: 'whoami', arguments: {} }))
    .structuredContent as { subject: string; issuer: string; scopes: string[] };

describe('full OAuth with the SDK v2 client (MCP 2026-07-28) against the embedded development AS', () => {
  const saved = { ...process.env };
  let sample: RunningSample;
  let endpoint: string;
  let dev: DevAuthorizationServer;

  beforeAll(async () => {
    ({ sample, endpoint } = await sampleWith({}));
    dev = sample.devAuthorizationServer as DevAuthorizationServer;
  }, 60_000);
  afterAll(async () => {
    await sample.close();
    process.env = saved;
  });

  it('advertises iss in authorization responses (RFC 9207 §3)', async () => {
    const metadata = (await (
      await fetch(`${dev.issuer}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
  });

  it('signs in, lists and calls tools, then steps up from notes:read to notes:write', async () => {
    const provider = new TestOAuthClientProvider();
    const reader = await signIn(
      endpoint,
      provider,
      'v2-erin',
      dev.issuer,
      'notes:read',
    );
    expect(await whoami(reader)).toMatchObject({
      subject: 'v2-erin',
      issuer: dev.issuer,
      scopes: ['notes:read'],
    });
    expect((await reader.listTools()).tools.map((tool) => tool.name)).toEqual([
      'list_notes',
      'whoami',
    ]);

    await expect(
      reader.callTool({ name: 'add_note', arguments: { text: 'x' } }),
    ).rejects.toThrow();
    const stepUp = provider.lastAuthorizationUrl;
    expect(stepUp.searchParams.get('scope')?.split(' ').sort()).toEqual([
      'notes:read',
      'notes:write',
    ]);
    const callback = await completeBrowserLogin(
      stepUp,
      'v2-erin',
      provider.redirectUrl,
    );
    const again = transportFor(endpoint, provider);
    await again.finishAuth(callback.searchParams);
    const writer = new Client({ name: 'e2e-v2', version: '1.0.0' }, PIN);
    await writer.connect(again);
    const added = await writer.callTool({
      name: 'add_note',
      arguments: { text: 'after step-up' },
    });
    expect(added.isError).toBeFalsy();
    expect(
      (await writer.callTool({ name: 'list_notes', arguments: {} }))
        .structuredContent,
    ).toMatchObject({ notes: [{ text: 'after step-up' }] });
    await Promise.all([reader.close(), writer.close()]);
  }, 60_000);
});

describe('the same with an external oidc-provider issuer (MCP_AUTH_AUTHORIZATION_SERVERS)', () => {
  const saved = { ...process.env };
  let external: DevAuthorizationServer;
  let sample: RunningSample;
  let endpoint: string;

  beforeAll(async () => {
    ({ external, sample, endpoint } = await sampleWithExternalIssuer());
  }, 60_000);
  afterAll(async () => {
    await sample.close();
    await external.close();
    process.env = saved;
  });

  it('signs in through the external issuer and calls whoami', async () => {
    expect(sample.devAuthorizationServer).toBeUndefined();
    const client = await signIn(
      endpoint,
      new TestOAuthClientProvider(),
      'v2-ext',
      external.issuer,
    );
    expect(await whoami(client)).toMatchObject({
      subject: 'v2-ext',
      issuer: external.issuer,
    });
    await client.close();
  }, 60_000);
});
