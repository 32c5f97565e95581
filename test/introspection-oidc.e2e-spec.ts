import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DpopSession } from '@modelcontextprotocol/client';
import {
  startDevAuthorizationServer,
  type DevAuthorizationServer,
} from '@nest-mcp/dev-auth-server';
import { authorizationCodeFlow } from '@nest-mcp/dev-auth-server/testing';
import type { RunningSample } from '../apps/sample/src/bootstrap.js';
import { DpopClientProvider } from './support/dpop-client-provider.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { postInitialize } from './support/mcp-client.js';
import { ERA_CLIENTS } from './support/era-clients.js';
import { freePort } from './support/free-port.js';
import { sampleWith } from './support/sample-with.js';
import { signInV2 } from './support/v2-oauth-sign-in.js';

type Identity = { subject: string; issuer: string; scopes: string[] };

describe.each(HTTP_ADAPTERS)(
  'opaque access tokens from a real oidc-provider, by RFC 7662 introspection on %s',
  (adapter) => {
    describe('npm start with MCP_DEV_AUTH_ACCESS_TOKEN_FORMAT=opaque (the embedded server)', () => {
      const saved = { ...process.env };
      let sample: RunningSample;
      let endpoint: string;
      let dev: DevAuthorizationServer;

      beforeAll(async () => {
        ({ sample, endpoint } = await sampleWith({
          MCP_HTTP_ADAPTER: adapter,
          MCP_DEV_AUTH_ACCESS_TOKEN_FORMAT: 'opaque',
        }));
        dev = sample.devAuthorizationServer!;
      });
      afterAll(async () => {
        await sample.close();
        process.env = saved;
      });

      it.each(ERA_CLIENTS)(
        'an opaque token from a real code flow is accepted (%s)',
        async (_name, connect) => {
          expect(dev.accessTokenFormat).toBe('opaque');
          const { tokens } = await authorizationCodeFlow({
            issuer: dev.issuer,
            resource: endpoint,
            username: 'opaque-alice',
          });
          // Not a JWS: an opaque handle only the authorization server can read.
          expect(tokens.access_token.split('.')).toHaveLength(1);
          const client = await connect(endpoint, tokens.access_token, fetch);
          const { structuredContent } = await client.callTool({
            name: 'whoami',
            arguments: {},
          });
          expect(structuredContent).toMatchObject({
            subject: 'opaque-alice',
            issuer: dev.issuer,
            scopes: ['notes:read', 'notes:write'],
          } satisfies Identity);
          await client.close();
        },
      );

      it('a DPoP-bound opaque token (cnf.jkt in its introspection answer) works with its proofs, and is refused without', async () => {
        const session = await DpopSession.create();
        const provider = new DpopClientProvider(session);
        const client = await signInV2(endpoint, provider, 'opaque-dpop');
        const tokens = provider.tokens()!;
        expect(tokens.token_type.toLowerCase()).toBe('dpop');
        expect(tokens.access_token.split('.')).toHaveLength(1);
        expect(
          (await client.callTool({ name: 'whoami', arguments: {} }))
            .structuredContent,
        ).toMatchObject({ subject: 'opaque-dpop', issuer: dev.issuer });
        // Stolen: the token alone, as Bearer or with the DPoP scheme but no proof.
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
            body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
          });
          expect(response.status).toBe(401);
          expect(response.headers.get('www-authenticate')).toContain('DPoP ');
        }
        await client.close();
      });

      it('an unknown opaque token (active:false) is 401 invalid_token with the challenge', async () => {
        const response = await postInitialize(
          endpoint,
          'not-a-token-this-server-issued',
        );
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(
          /^Bearer error="invalid_token", error_description="[^"]+", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"$/,
        );
      });
    });

    describe('an external oidc-provider trusted with introspection (cacheTtlSeconds 1)', () => {
      const saved = { ...process.env };
      let sample: RunningSample;
      let endpoint: string;
      let issuer: DevAuthorizationServer;
      let other: DevAuthorizationServer;

      beforeAll(async () => {
        const port = await freePort();
        const resource = `http://127.0.0.1:${port}/mcp`;
        issuer = await startDevAuthorizationServer({
          resource,
          accessTokenFormat: 'opaque',
        });
        // A second issuer, trusted too, whose tokens are for another resource.
        other = await startDevAuthorizationServer({
          resource: 'http://127.0.0.1:9/other-mcp',
          accessTokenFormat: 'opaque',
        });
        ({ sample, endpoint } = await sampleWith(
          {
            MCP_HTTP_ADAPTER: adapter,
            MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify([
              {
                issuer: issuer.issuer,
                introspection: { ...issuer.introspection, cacheTtlSeconds: 1 },
              },
              {
                issuer: other.issuer,
                // Discovered from the metadata this time.
                introspection: {
                  clientId: other.introspection.clientId,
                  clientSecret: other.introspection.clientSecret,
                },
              },
            ]),
          },
          port,
        ));
      });
      afterAll(async () => {
        await sample.close();
        await issuer.close();
        await other.close();
        process.env = saved;
      });

      it('a revoked token is refused once the cache lifetime (cacheTtlSeconds) has passed', async () => {
        const flow = await authorizationCodeFlow({
          issuer: issuer.issuer,
          resource: endpoint,
          username: 'revoked-bob',
        });
        const token = flow.tokens.access_token;
        expect((await postInitialize(endpoint, token)).status).toBe(200);
        const revocation = await fetch(`${issuer.issuer}/token/revocation`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token, client_id: flow.clientId }),
        });
        expect(revocation.status).toBe(200);
        let status = 200;
        const deadline = Date.now() + 30_000;
        while (status === 200 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          status = (await postInitialize(endpoint, token)).status;
        }
        expect(status).toBe(401);
      }, 60_000);

      it("another resource's token (aud of another resource) is refused: 401", async () => {
        const flow = await authorizationCodeFlow({
          issuer: other.issuer,
          resource: 'http://127.0.0.1:9/other-mcp',
          username: 'elsewhere',
        });
        const response = await postInitialize(
          endpoint,
          flow.tokens.access_token,
        );
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toContain(
          'error="invalid_token"',
        );
      });

      it('a token of the first issuer is accepted with its subject and scopes', async () => {
        const flow = await authorizationCodeFlow({
          issuer: issuer.issuer,
          resource: endpoint,
          username: 'carol',
          scope: 'notes:read',
        });
        const [, connect] = ERA_CLIENTS[0];
        const client = await connect(endpoint, flow.tokens.access_token, fetch);
        const { structuredContent } = await client.callTool({
          name: 'whoami',
          arguments: {},
        });
        expect(structuredContent).toMatchObject({
          subject: 'carol',
          issuer: issuer.issuer,
          scopes: ['notes:read'],
        });
        await client.close();
      });

      it('the first issuer down: an uncached token is 503 with Retry-After, never 401 (the other said inactive)', async () => {
        const flow = await authorizationCodeFlow({
          issuer: issuer.issuer,
          resource: endpoint,
          username: 'before-outage',
        });
        await issuer.close();
        const response = await postInitialize(
          endpoint,
          flow.tokens.access_token,
        );
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      });
    });
  },
);
