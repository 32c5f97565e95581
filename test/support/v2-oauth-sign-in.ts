import { expect } from '@jest/globals';
import {
  Client,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import { completeBrowserLogin } from '@nest-mcp/dev-auth-server/testing';
import type { TestOAuthClientProvider } from './test-oauth-client-provider.js';

/** SDK v2 client options pinned to MCP 2026-07-28. */
export const PIN_2026 = {
  versionNegotiation: { mode: { pin: '2026-07-28' } },
} as const;

/** A Streamable HTTP transport to `endpoint` that signs in through `provider`. */
export const oauthTransport = (
  endpoint: string,
  provider: TestOAuthClientProvider,
) =>
  new StreamableHTTPClientTransport(new URL(endpoint), {
    authProvider: provider,
  });

/** What a sign-in may check or change on the way. */
export interface V2SignInOptions {
  /** The `iss` the callback must carry (RFC 9207 §2); unchecked when absent. */
  readonly issuer?: string;
  /** A `scope` to ask for instead of the one the client chose. */
  readonly grantScope?: string;
}

/**
 * The SDK v2 client's own OAuth against the development AS: 401 → metadata → AS discovery →
 * registration (or a metadata document) → PKCE → login (the test plays the browser) → callback →
 * tokens; then a client connected with them, pinned to 2026-07-28.
 */
export async function signInV2(
  endpoint: string,
  provider: TestOAuthClientProvider,
  username: string,
  options: V2SignInOptions = {},
): Promise<Client> {
  const refused = oauthTransport(endpoint, provider);
  const first = new Client({ name: 'e2e-v2', version: '1.0.0' }, PIN_2026);
  await expect(first.connect(refused)).rejects.toThrow(UnauthorizedError);
  const authorizationUrl = new URL(provider.lastAuthorizationUrl);
  if (options.grantScope)
    authorizationUrl.searchParams.set('scope', options.grantScope);
  const callback = await completeBrowserLogin(
    authorizationUrl,
    username,
    provider.redirectUrl,
  );
  if (options.issuer !== undefined)
    expect(callback.searchParams.get('iss')).toBe(options.issuer);
  await refused.finishAuth(callback.searchParams);
  const client = new Client({ name: 'e2e-v2', version: '1.0.0' }, PIN_2026);
  await client.connect(oauthTransport(endpoint, provider));
  expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
  return client;
}
