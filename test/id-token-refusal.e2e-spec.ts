import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import {
  McpAuthModule,
  ResourceOwner,
  type ResourceOwner as Owner,
} from '@nest-mcp/auth';
import {
  startDevAuthorizationServer,
  type DevAuthorizationServer,
} from '@nest-mcp/dev-auth-server';
import { authorizationCodeFlow } from '@nest-mcp/dev-auth-server/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { RunningSample } from '../apps/sample/src/bootstrap.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { freePort } from './support/free-port.js';
import { LeveledLogger } from './support/leveled-logger.js';
import { listen } from './support/listen.js';
import { modernBody, modernHeaders } from './support/mcp-client-v2.js';
import { sampleWith } from './support/sample-with.js';

/** A route without scopes: any accepted token reaches it. */
@Controller('me')
class MeController {
  @Get()
  me(@ResourceOwner() owner: Owner) {
    return { subject: owner.subject, scopes: owner.scopes };
  }
}

const NONCE = 'nonce-never-logged-8c1f';

/**
 * An identity provider that puts the resource into its ID tokens' audience too (LemonLDAP::NG's
 * additional audiences do) and signs both kinds with one key and `typ: JWT`: the ID token passes
 * the audience check, so only its ID-token claims tell it apart (RFC 8725 §3.11, RFC 9068 §4).
 * Here oidc-provider's code-flow ID token (untyped, with the `nonce` of the request) and an
 * issuer entry that accepts its audience (the client id) besides the resource.
 */
describe.each(HTTP_ADAPTERS)(
  'an OpenID Connect ID token presented as an access token on %s',
  (adapter) => {
    const saved = { ...process.env };
    let dev: DevAuthorizationServer;
    let resource: string;
    let port: number;
    let idToken: string;
    let accessToken: string;
    let clientId: string;
    let sample: RunningSample;
    let endpoint: string;
    const issuerEntry = (extra: Record<string, unknown> = {}) => ({
      issuer: dev.issuer,
      audiences: [resource, clientId],
      ...extra,
    });

    beforeAll(async () => {
      port = await freePort();
      resource = `http://127.0.0.1:${port}/mcp`;
      dev = await startDevAuthorizationServer({ resource });
      const flow = await authorizationCodeFlow({
        issuer: dev.issuer,
        resource,
        username: 'alice',
        scope: 'openid notes:read',
        nonce: NONCE,
      });
      clientId = flow.clientId;
      accessToken = flow.tokens.access_token;
      idToken = String(flow.tokens.id_token);
      ({ sample, endpoint } = await sampleWith(
        {
          MCP_HTTP_ADAPTER: adapter,
          MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify([issuerEntry()]),
        },
        port,
      ));
    }, 60_000);
    afterAll(async () => {
      await sample?.close();
      await dev?.close();
      process.env = saved;
    });

    const whoami = (token: string) =>
      fetch(endpoint, {
        method: 'POST',
        headers: modernHeaders(token, 'tools/call', 'whoami'),
        body: modernBody('tools/call', { name: 'whoami', arguments: {} }),
      });

    it('is the real thing: signed by the issuer, untyped, with the nonce, for the client', () => {
      const claims = decodeJwt(idToken);
      expect(claims).toMatchObject({
        iss: dev.issuer,
        aud: clientId,
        nonce: NONCE,
      });
      expect(decodeProtectedHeader(idToken).typ).toBeUndefined();
      expect(decodeJwt(accessToken)).toMatchObject({ aud: resource });
    });

    it('the sample refuses it (401 invalid_token) and still serves the access token', async () => {
      const refused = await whoami(idToken);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(
        /^Bearer error="invalid_token"/u,
      );
      await refused.body?.cancel();
      const served = await whoami(accessToken);
      expect(served.status).toBe(200);
      expect(await served.text()).toContain('alice');
    });

    it('names the reason id_token in the log, with the claim names but never their values', async () => {
      const logger = new LeveledLogger();
      const { app, url } = await listen(
        {
          imports: [
            McpAuthModule.forRoot({
              resource,
              authorizationServers: [issuerEntry()],
            }),
          ],
          controllers: [MeController],
        },
        logger,
        { adapter },
      );
      try {
        const response = await fetch(`${url}/me`, {
          headers: { authorization: `Bearer ${idToken}` },
        });
        expect(response.status).toBe(401);
        const line = logger.lines.find((l) =>
          l.message.includes('reason=id_token'),
        );
        expect(line?.message).toContain(
          'typ=(absent) id_token_claims=["nonce"]',
        );
        expect(logger.text()).not.toContain(NONCE);
        expect(logger.text()).not.toContain(idToken.split('.')[1]);
      } finally {
        await app.close();
      }
    });

    it('is accepted only where refuseIdTokens is off for its issuer (the audience check alone passes it)', async () => {
      let app: INestApplication | undefined;
      try {
        let url: string;
        ({ app, url } = await listen(
          {
            imports: [
              McpAuthModule.forRoot({
                resource,
                authorizationServers: [issuerEntry({ refuseIdTokens: false })],
              }),
            ],
            controllers: [MeController],
          },
          undefined,
          { adapter },
        ));
        const response = await fetch(`${url}/me`, {
          headers: { authorization: `Bearer ${idToken}` },
        });
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ subject: 'alice', scopes: [] });
      } finally {
        await app?.close();
      }
    });
  },
);
