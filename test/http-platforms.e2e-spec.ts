import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import {
  McpAuthModule,
  McpAuthSelfCheck,
  type McpAuthOptions,
} from '@nest-mcp/auth';
import {
  createDpopProof,
  generateDpopKey,
  startTestIssuer,
  type DpopKey,
  type TestIssuer,
} from '@nest-mcp/auth/testing';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { sendDpop } from './dpop/dpop-request.js';
import {
  NotesFixtureController,
  ResourceRouteFixtureController,
} from './support/fixture.controllers.js';
import {
  createHttpApp,
  HTTP_ADAPTERS,
  listenLoopback,
} from './support/http-adapters.js';
import { listen } from './support/listen.js';
import { rawGet } from './support/raw-http.js';

const RESOURCE = 'http://127.0.0.1:3000/api/v1/mcp';
const METADATA_PATH = '/.well-known/oauth-protected-resource/api/v1/mcp';
const NOTES = 'http://127.0.0.1:3000/notes';

describe.each(HTTP_ADAPTERS)('@nest-mcp/auth on %s', (adapter) => {
  let idp: TestIssuer;
  let key: DpopKey;
  const options = (extra: Partial<McpAuthOptions> = {}): McpAuthOptions => ({
    resource: RESOURCE,
    authorizationServers: [{ issuer: idp.issuer, jwksUri: idp.jwksUri }],
    ...extra,
  });

  beforeAll(async () => {
    [idp, key] = await Promise.all([
      startTestIssuer({ audience: RESOURCE }),
      generateDpopKey('ES256'),
    ]);
  });
  afterAll(() => idp.close());

  describe('protected resource metadata (RFC 9728 §3), options resolved late (forRootAsync)', () => {
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      ({ app, url } = await listen(
        {
          imports: [
            McpAuthModule.forRootAsync({
              useFactory: async () => options(),
            }),
          ],
          controllers: [NotesFixtureController],
        },
        undefined,
        { adapter },
      ));
    });
    afterAll(() => app.close());

    it.each([METADATA_PATH, '/.well-known/oauth-protected-resource'])(
      'serves %s, open, CORS-enabled and cacheable',
      async (path) => {
        const res = await request(url).get(path).expect(200);
        expect(res.headers['access-control-allow-origin']).toBe('*');
        expect(res.headers['cache-control']).toBe('public, max-age=300');
        expect(res.body.resource).toBe(RESOURCE);
      },
    );

    it('answers a CORS preflight at the metadata path', async () => {
      const res = await request(url).options(METADATA_PATH).expect(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-methods']).toBe('GET, OPTIONS');
      expect(res.headers['access-control-max-age']).toBe('86400');
    });

    it.each([
      '/.well-known/oauth-protected-resource/api',
      '/.well-known/oauth-protected-resource/other',
      '/.well-known/OAUTH-PROTECTED-RESOURCE/api/v1/mcp',
      `${METADATA_PATH}/`,
    ])(
      'answers 404 at %s: only the exact paths serve metadata',
      async (path) => {
        await request(url).get(path).expect(404);
      },
    );
  });

  describe('the guard reads the headers as received', () => {
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      ({ app, url } = await listen(
        {
          imports: [McpAuthModule.forRoot(options())],
          controllers: [NotesFixtureController],
        },
        undefined,
        { adapter },
      ));
    });
    afterAll(() => app.close());

    it('refuses two DPoP headers (RFC 9449 §4.3)', async () => {
      const token = await idp.mint({ dpopKey: key, scope: 'notes:read' });
      const proof = await createDpopProof({
        key,
        method: 'GET',
        url: NOTES,
        accessToken: token,
      });
      const res = await rawGet(`${url}/notes`, {
        authorization: `DPoP ${token}`,
        dpop: [proof, proof],
      });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(
        /^DPoP error="invalid_dpop_proof"/,
      );
    });
  });

  describe('content_digest over the raw body (MCP DPoP profile)', () => {
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      ({ app, url } = await listen(
        {
          imports: [
            McpAuthModule.forRoot(options({ dpopRequireContentDigest: true })),
          ],
          controllers: [NotesFixtureController],
        },
        undefined,
        { adapter },
      ));
    });
    afterAll(() => app.close());

    const post = async (signed: string, sent: string) => {
      const token = await idp.mint({ dpopKey: key, scope: 'notes:write' });
      const proof = await createDpopProof({
        key,
        method: 'POST',
        url: NOTES,
        accessToken: token,
        body: signed,
      });
      return sendDpop(url, {
        path: '/notes',
        authorization: `DPoP ${token}`,
        proofs: [proof],
        body: sent,
      });
    };

    it('accepts a proof whose content_digest is that of the bytes sent', async () => {
      const body = '{ "title":  "spacing kept" }';
      const res = await post(body, body);
      expect(res.status).toBe(201);
    });

    it('refuses a proof whose content_digest is that of other bytes of the same JSON', async () => {
      const res = await post(
        '{"title":"spacing kept"}',
        '{ "title":  "spacing kept" }',
      );
      expect(res.status).toBe(401);
      expect(res.challenge).toMatch(/^DPoP error="invalid_dpop_proof"/);
    });
  });

  describe('server nonces (RFC 9449 §9) through the platform response', () => {
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      ({ app, url } = await listen(
        {
          imports: [McpAuthModule.forRoot(options({ dpopNonce: true }))],
          controllers: [NotesFixtureController],
        },
        undefined,
        { adapter },
      ));
    });
    afterAll(() => app.close());

    const get = async (nonce?: string) => {
      const token = await idp.mint({ dpopKey: key, scope: 'notes:read' });
      const proof = await createDpopProof({
        key,
        method: 'GET',
        url: NOTES,
        accessToken: token,
        nonce,
      });
      return rawGet(`${url}/notes`, {
        authorization: `DPoP ${token}`,
        dpop: proof,
      });
    };

    it('asks for a nonce with DPoP-Nonce, then accepts it and offers the current one', async () => {
      const asked = await get();
      expect(asked.status).toBe(401);
      expect(asked.headers['www-authenticate']).toMatch(
        /^DPoP error="use_dpop_nonce"/,
      );
      const nonce = asked.headers['dpop-nonce'];
      expect(typeof nonce).toBe('string');
      const accepted = await get(nonce as string);
      expect(accepted.status).toBe(200);
      // The current nonce (the same one unless its time window just ended).
      expect(accepted.headers['dpop-nonce']).toMatch(/^[0-9a-z]+\.[\w-]{22}$/);
    });
  });

  describe('boot self-check of the raw body', () => {
    const boot = async (rawBody: boolean, extra: Partial<McpAuthOptions>) => {
      const moduleRef = await Test.createTestingModule({
        imports: [McpAuthModule.forRoot(options(extra))],
        controllers: [ResourceRouteFixtureController],
      }).compile();
      const app = createHttpApp(moduleRef, adapter, { rawBody });
      try {
        await listenLoopback(app);
        return await app.get(McpAuthSelfCheck).findings();
      } finally {
        await app.close();
      }
    };

    it('dpopRequireContentDigest without rawBody fails at boot, naming the option and the fix', async () => {
      await expect(
        boot(false, {
          resource: 'http://127.0.0.1:3000/mcp',
          dpopRequireContentDigest: true,
        }),
      ).rejects.toThrow(
        /McpAuthModule option "dpopRequireContentDigest": the application does not keep the raw request body .*rawBody: true/,
      );
    });

    it('with rawBody the route at the resource path keeps it: no finding', async () => {
      expect(
        await boot(true, {
          resource: 'http://127.0.0.1:3000/mcp',
          dpopRequireContentDigest: true,
        }),
      ).toEqual([]);
    });
  });
});
