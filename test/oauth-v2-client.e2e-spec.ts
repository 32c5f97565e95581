import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { type DevAuthorizationServer } from '@nest-mcp/dev-auth-server';
import { completeBrowserLogin } from '@nest-mcp/dev-auth-server/testing';
import type { RunningSample } from '../apps/sample/src/bootstrap.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { sampleWith, sampleWithExternalIssuer } from './support/sample-with.js';
import { TestOAuthClientProvider } from './support/test-oauth-client-provider.js';
import {
  oauthTransport,
  PIN_2026,
  signInV2,
} from './support/v2-oauth-sign-in.js';

const whoami = async (client: Client) =>
  (await client.callTool({ name: 'whoami', arguments: {} }))
    .structuredContent as { subject: string; issuer: string; scopes: string[] };

describe.each(HTTP_ADAPTERS)(
  'full OAuth with the SDK v2 client (MCP 2026-07-28) against the embedded development AS on %s',
  (adapter) => {
    const saved = { ...process.env };
    let sample: RunningSample;
    let endpoint: string;
    let dev: DevAuthorizationServer;

    beforeAll(async () => {
      ({ sample, endpoint } = await sampleWith({ MCP_HTTP_ADAPTER: adapter }));
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
      expect(metadata.authorization_response_iss_parameter_supported).toBe(
        true,
      );
    });

    it('signs in, lists and calls tools, then steps up from notes:read to notes:write', async () => {
      const provider = new TestOAuthClientProvider();
      const reader = await signInV2(endpoint, provider, 'v2-erin', {
        issuer: dev.issuer,
        grantScope: 'notes:read',
      });
      expect(await whoami(reader)).toMatchObject({
        subject: 'v2-erin',
        issuer: dev.issuer,
        scopes: ['notes:read'],
      });
      expect((await reader.listTools()).tools.map((tool) => tool.name)).toEqual(
        ['list_notes', 'whoami'],
      );

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
      const again = oauthTransport(endpoint, provider);
      await again.finishAuth(callback.searchParams);
      const writer = new Client({ name: 'e2e-v2', version: '1.0.0' }, PIN_2026);
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
  },
);

describe.each(HTTP_ADAPTERS)(
  'the same with an external oidc-provider issuer (MCP_AUTH_AUTHORIZATION_SERVERS) on %s',
  (adapter) => {
    const saved = { ...process.env };
    let external: DevAuthorizationServer;
    let sample: RunningSample;
    let endpoint: string;

    beforeAll(async () => {
      ({ external, sample, endpoint } = await sampleWithExternalIssuer({
        MCP_HTTP_ADAPTER: adapter,
      }));
    }, 60_000);
    afterAll(async () => {
      await sample.close();
      await external.close();
      process.env = saved;
    });

    it('signs in through the external issuer and calls whoami', async () => {
      expect(sample.devAuthorizationServer).toBeUndefined();
      const client = await signInV2(
        endpoint,
        new TestOAuthClientProvider(),
        'v2-ext',
        { issuer: external.issuer },
      );
      expect(await whoami(client)).toMatchObject({
        subject: 'v2-ext',
        issuer: external.issuer,
      });
      await client.close();
    }, 60_000);
  },
);
