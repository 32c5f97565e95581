import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Client,
  DpopSession,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import { decodeJwt } from 'jose';
import { type DevAuthorizationServer } from '@nest-mcp/dev-auth-server';
import { completeBrowserLogin } from '@nest-mcp/dev-auth-server/testing';
import type { RunningSample } from '../apps/sample/src/bootstrap.js';
import { DpopClientProvider } from './support/dpop-client-provider.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { toolsCall } from './support/mcp-client.js';
import { sampleWith } from './support/sample-with.js';
import { TestOAuthClientProvider } from './support/test-oauth-client-provider.js';
import {
  oauthTransport,
  PIN_2026,
  signInV2,
} from './support/v2-oauth-sign-in.js';

const whoami = async (client: Client) =>
  (await client.callTool({ name: 'whoami', arguments: {} }))
    .structuredContent as { subject: string; issuer: string };

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  describe.each([
    ['default options', {}],
    ['server nonces required', { MCP_AUTH_DPOP_NONCE: 'true' }],
    ["dpop: 'required'", { MCP_AUTH_DPOP: 'required' }],
  ])(
    'the SDK v2 client with DPoP through the full OAuth flow against the embedded AS (%s)',
    (_label, env: Record<string, string>) => {
      const saved = { ...process.env };
      let sample: RunningSample;
      let endpoint: string;
      let dev: DevAuthorizationServer;

      beforeAll(async () => {
        ({ sample, endpoint } = await sampleWith({
          ...env,
          MCP_HTTP_ADAPTER: adapter,
        }));
        dev = sample.devAuthorizationServer as DevAuthorizationServer;
      }, 60_000);
      afterAll(async () => {
        await sample.close();
        process.env = saved;
      });

      it('gets a DPoP-bound token (cnf.jkt = its key) and calls tools with proofs; the token alone is refused', async () => {
        const session = await DpopSession.create();
        const provider = new DpopClientProvider(session);
        const client = await signInV2(endpoint, provider, 'dpop-dana');
        const tokens = provider.tokens()!;
        expect(tokens.token_type.toLowerCase()).toBe('dpop');
        expect(decodeJwt(tokens.access_token).cnf).toEqual({
          jkt: session.thumbprint,
        });
        expect(await whoami(client)).toMatchObject({
          subject: 'dpop-dana',
          issuer: dev.issuer,
        });
        expect((await client.listTools()).tools.length).toBeGreaterThan(0);
        // Stolen: the same token as Bearer, and with the DPoP scheme but no proof.
        for (const authorization of [
          `Bearer ${tokens.access_token}`,
          `DPoP ${tokens.access_token}`,
        ]) {
          const response = await fetch(endpoint, {
            method: 'POST',
            headers: {
              authorization,
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
            },
            body: toolsCall('whoami'),
          });
          expect(response.status).toBe(401);
          expect(response.headers.get('www-authenticate')).toContain('DPoP ');
        }
        await client.close();
      }, 60_000);

      it('a bearer client (no DPoP key) is served unless DPoP is required', async () => {
        const provider = new TestOAuthClientProvider();
        if (env.MCP_AUTH_DPOP === 'required') {
          const first = new Client(
            { name: 'e2e-v2', version: '1.0.0' },
            PIN_2026,
          );
          const transport = oauthTransport(endpoint, provider);
          await expect(first.connect(transport)).rejects.toThrow(
            UnauthorizedError,
          );
          const callback = await completeBrowserLogin(
            provider.lastAuthorizationUrl,
            'bearer-bo',
            provider.redirectUrl,
          );
          await transport.finishAuth(callback.searchParams);
          expect(provider.tokens()!.token_type.toLowerCase()).toBe('bearer');
          const client = new Client(
            { name: 'e2e-v2', version: '1.0.0' },
            PIN_2026,
          );
          await expect(
            client.connect(oauthTransport(endpoint, provider)),
          ).rejects.toThrow();
          return;
        }
        const client = await signInV2(endpoint, provider, 'bearer-bo');
        expect(provider.tokens()!.token_type.toLowerCase()).toBe('bearer');
        expect(await whoami(client)).toMatchObject({ subject: 'bearer-bo' });
        await client.close();
      }, 60_000);
    },
  );
});
