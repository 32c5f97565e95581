import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
} from '@jest/globals';
import type { CanActivate, INestApplication, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DEFAULT_DPOP_ALGORITHMS, McpAuthModule } from '@nest-mcp/auth';
import { CustomHeaderAuthGuard } from './support/custom-header-guard.fixture.js';
import {
  createDpopProof,
  generateDpopKey,
  startTestIssuer,
  type DpopKey,
  type TestIssuer,
} from '@nest-mcp/auth/testing';
import { AppModule } from '../apps/sample/src/app.module.js';
import { CapturingLogger } from './support/capturing-logger.js';
import { NotesFixtureController } from './support/fixture.controllers.js';
import {
  HTTP_ADAPTERS,
  type HttpAdapterName,
} from './support/http-adapters.js';
import { listen } from './support/listen.js';
import { toolsCall } from './support/mcp-client.js';
import { sendDpop } from './dpop/dpop-request.js';
import { rawRequest } from './support/raw-request.js';
import { setSampleAuthEnv } from './support/sample-auth-env.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const METADATA =
  'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp';
const ALGS = DEFAULT_DPOP_ALGORITHMS.join(' ');
const BODY = toolsCall('whoami');

/** Starts the sample trusting `servers` with `env` set (restored by the caller's `saved`). */
async function sampleApp(
  servers: readonly object[],
  env: Record<string, string> = {},
  options: {
    rawBody?: boolean;
    logger?: CapturingLogger;
    adapter?: HttpAdapterName;
  } = {},
): Promise<{ app: INestApplication; url: string }> {
  setSampleAuthEnv(RESOURCE, servers, env);
  return listen({ imports: [AppModule] }, options.logger, options);
}

/** A DPoP request for `token` to the MCP endpoint; `body: undefined` leaves out content_digest. */
async function dpopCall(
  key: DpopKey,
  token: string,
  proof: { body?: string | undefined; nonce?: string; url?: string } = {
    body: BODY,
  },
) {
  return {
    authorization: `DPoP ${token}`,
    proofs: [
      await createDpopProof({
        key,
        method: 'POST',
        url: proof.url ?? RESOURCE,
        accessToken: token,
        body: proof.body,
        nonce: proof.nonce,
      }),
    ],
    body: BODY,
  };
}

describe.each(HTTP_ADAPTERS)(
  'DPoP modes and options at the MCP endpoint on %s (RFC 9449, RFC 9728 §2, MCP DPoP profile)',
  (adapter) => {
    const saved = { ...process.env };
    let a: TestIssuer;
    let b: TestIssuer;
    let key: DpopKey;
    const apps: INestApplication[] = [];
    const start = async (
      servers: Parameters<typeof sampleApp>[0],
      env?: Parameters<typeof sampleApp>[1],
      options: Parameters<typeof sampleApp>[2] = {},
    ) => {
      const started = await sampleApp(servers, env, { ...options, adapter });
      apps.push(started.app);
      return started.url;
    };
    const issuer = (idp: TestIssuer, extra: object = {}) => ({
      issuer: idp.issuer,
      jwksUri: idp.jwksUri,
      ...extra,
    });

    beforeAll(async () => {
      [a, b, key] = await Promise.all([
        startTestIssuer({ audience: RESOURCE }),
        startTestIssuer({ audience: RESOURCE }),
        generateDpopKey('ES256'),
      ]);
    });
    afterEach(async () => {
      await Promise.all(apps.splice(0).map((app) => app.close()));
      process.env = { ...saved };
    });
    afterAll(async () => {
      process.env = saved;
      await Promise.all([a.close(), b.close()]);
    });

    it('dpopRequireContentDigest: refuses a digest-less proof, accepts one with the digest', async () => {
      const url = await start([issuer(a)], {
        MCP_AUTH_DPOP_REQUIRE_CONTENT_DIGEST: 'true',
      });
      const token = await a.mint({ dpopKey: key });
      const without = await sendDpop(url, await dpopCall(key, token, {}));
      expect(without.status).toBe(401);
      expect(without.challenge).toMatch(/^DPoP error="invalid_dpop_proof"/);
      const withDigest = await sendDpop(url, await dpopCall(key, token));
      expect(withDigest.status).toBe(200);
    });

    it("dpop: 'required' refuses bearer tokens with a DPoP-only challenge and says so in the metadata", async () => {
      const url = await start([issuer(a)], { MCP_AUTH_DPOP: 'required' });
      const onlyDpop = `DPoP resource_metadata="${METADATA}", algs="${ALGS}"`;
      const bearer = await sendDpop(url, {
        authorization: `Bearer ${await a.mint()}`,
        body: BODY,
      });
      expect(bearer.status).toBe(401);
      expect(bearer.challenge).toBe(onlyDpop);
      const none = await sendDpop(url, { body: BODY });
      expect(none.challenge).toBe(onlyDpop);
      const unbound = await a.mint();
      const unboundDpop = await sendDpop(url, await dpopCall(key, unbound));
      expect(unboundDpop.status).toBe(401);
      expect(unboundDpop.challenge).toMatch(/^DPoP error="invalid_token"/);
      expect(unboundDpop.challenge).not.toContain('Bearer');
      const ok = await sendDpop(
        url,
        await dpopCall(key, await a.mint({ dpopKey: key })),
      );
      expect(ok.status).toBe(200);
      const metadata = (await (
        await fetch(`${url}/.well-known/oauth-protected-resource/mcp`)
      ).json()) as Record<string, unknown>;
      expect(metadata.dpop_bound_access_tokens_required).toBe(true);
    });

    it("dpop: 'off' takes no DPoP scheme and advertises no DPoP, but still refuses a bound token as Bearer", async () => {
      const url = await start([issuer(a)], { MCP_AUTH_DPOP: 'off' });
      const bound = await a.mint({ dpopKey: key });
      const asDpop = await sendDpop(url, await dpopCall(key, bound));
      expect(asDpop.status).toBe(401);
      expect(asDpop.challenge).toBe(`Bearer resource_metadata="${METADATA}"`);
      const asBearer = await sendDpop(url, {
        authorization: `Bearer ${bound}`,
        body: BODY,
      });
      expect(asBearer.status).toBe(401);
      expect(asBearer.challenge).toMatch(/^Bearer error="invalid_token"/);
      expect(asBearer.challenge).not.toContain('DPoP');
      const metadata = (await (
        await fetch(`${url}/.well-known/oauth-protected-resource/mcp`)
      ).json()) as Record<string, unknown>;
      expect(metadata).not.toHaveProperty('dpop_signing_alg_values_supported');
    });

    it('per issuer: one issuer requires DPoP, the other still takes bearer tokens', async () => {
      const url = await start([issuer(a, { dpop: 'required' }), issuer(b)]);
      const fromA = await sendDpop(url, {
        authorization: `Bearer ${await a.mint()}`,
        body: BODY,
      });
      expect(fromA.status).toBe(401);
      expect(fromA.challenge).toBe(
        `Bearer error="invalid_token", error_description="The access token must be presented with a DPoP proof", resource_metadata="${METADATA}", DPoP resource_metadata="${METADATA}", algs="${ALGS}"`,
      );
      const fromB = await sendDpop(url, {
        authorization: `Bearer ${await b.mint()}`,
        body: BODY,
      });
      expect(fromB.status).toBe(200);
      const boundA = await sendDpop(
        url,
        await dpopCall(key, await a.mint({ dpopKey: key })),
      );
      expect(boundA.status).toBe(200);
      const metadata = (await (
        await fetch(`${url}/.well-known/oauth-protected-resource/mcp`)
      ).json()) as Record<string, unknown>;
      expect(metadata).not.toHaveProperty('dpop_bound_access_tokens_required');
    });

    it('server nonces (RFC 9449 §9): use_dpop_nonce with DPoP-Nonce, then accepted; replicas with one secret agree', async () => {
      const secret = 'a-shared-secret-of-at-least-32-characters';
      const env = {
        MCP_AUTH_DPOP_NONCE: 'true',
        MCP_AUTH_DPOP_NONCE_SECRET: secret,
      };
      const first = await start([issuer(a)], env);
      const token = await a.mint({ dpopKey: key });
      const asked = await sendDpop(first, await dpopCall(key, token));
      expect(asked.status).toBe(401);
      expect(asked.challenge).toMatch(
        /^DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"/,
      );
      expect(asked.nonce).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
      const nonce = asked.nonce as string;
      const forged = await sendDpop(
        first,
        await dpopCall(key, token, {
          body: BODY,
          nonce: `${nonce.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`,
        }),
      );
      expect(forged.status).toBe(401);
      expect(forged.challenge).toMatch(/^DPoP error="use_dpop_nonce"/);
      const accepted = await sendDpop(
        first,
        await dpopCall(key, token, { body: BODY, nonce }),
      );
      expect(accepted.status).toBe(200);
      // Another replica with the same secret accepts the nonce; one with another secret does not.
      const replica = await start([issuer(a)], env);
      expect(
        (
          await sendDpop(
            replica,
            await dpopCall(key, token, { body: BODY, nonce }),
          )
        ).status,
      ).toBe(200);
      const stranger = await start([issuer(a)], {
        ...env,
        MCP_AUTH_DPOP_NONCE_SECRET: 'another-secret-of-at-least-32-characters',
      });
      expect(
        (
          await sendDpop(
            stranger,
            await dpopCall(key, token, { body: BODY, nonce }),
          )
        ).status,
      ).toBe(401);
    });

    it('a missing raw body with dpopRequireContentDigest fails at boot, naming the option and the fix', async () => {
      await expect(
        sampleApp(
          [issuer(a)],
          { MCP_AUTH_DPOP_REQUIRE_CONTENT_DIGEST: 'true' },
          { rawBody: false },
        ),
      ).rejects.toThrow(
        /McpAuthModule option "dpopRequireContentDigest": the application does not keep the raw request body .*rawBody: true/,
      );
    });

    it('without the raw body, a proof with content_digest is refused (never passed unchecked) and the log says why', async () => {
      const logger = new CapturingLogger();
      const url = await start([issuer(a)], {}, { rawBody: false, logger });
      const token = await a.mint({ dpopKey: key });
      const refused = await sendDpop(url, await dpopCall(key, token));
      expect(refused.status).toBe(401);
      expect(refused.challenge).toMatch(/^DPoP error="invalid_dpop_proof"/);
      expect((await sendDpop(url, await dpopCall(key, token, {}))).status).toBe(
        200,
      );
      const text = logger.lines.join('\n');
      expect(text).toContain('Rejected DPoP request: reason=body_unavailable');
      expect(text).toContain('Startup check: dpop:');
    });
  },
);

/**
 * An issuer, a DPoP key and an app serving `NotesFixtureController` behind `McpAuthModule`, with
 * its global guard or with `guard` as `APP_GUARD` instead.
 */
async function startRouteApp(
  adapter: HttpAdapterName,
  guard?: Type<CanActivate>,
) {
  const [idp, key] = await Promise.all([
    startTestIssuer({ audience: RESOURCE }),
    generateDpopKey('ES256'),
  ]);
  const { app, url } = await listen(
    {
      imports: [
        McpAuthModule.forRoot({
          resource: RESOURCE,
          authorizationServers: [{ issuer: idp.issuer, jwksUri: idp.jwksUri }],
          ...(guard ? { globalGuard: false } : {}),
        }),
      ],
      controllers: [NotesFixtureController],
      providers: guard ? [{ provide: APP_GUARD, useClass: guard }] : [],
    },
    undefined,
    { adapter },
  );
  return { idp, key, app, url };
}

describe.each(HTTP_ADAPTERS)(
  'DPoP on a route of your own on %s (htu: the resource origin and the request path)',
  (adapter) => {
    let idp: TestIssuer;
    let key: DpopKey;
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      ({ idp, key, app, url } = await startRouteApp(adapter));
    });
    afterAll(async () => {
      await app.close();
      await idp.close();
    });

    const get = async (path: string, htu: string) => {
      const token = await idp.mint({ dpopKey: key, scope: 'notes:read' });
      return sendDpop(url, {
        method: 'GET',
        path,
        authorization: `DPoP ${token}`,
        proofs: [
          await createDpopProof({
            key,
            method: 'GET',
            url: htu,
            accessToken: token,
          }),
        ],
        body: '',
      });
    };

    it('accepts a proof for the public URL of the route, query ignored', async () => {
      const response = await get(
        '/notes?page=2',
        'http://127.0.0.1:3000/notes',
      );
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ subject: 'user-1' });
    });

    it('refuses a proof for the address the app listens on (a Host header is not the resource)', async () => {
      const response = await get('/notes', `${url}/notes`);
      expect(response.status).toBe(401);
      expect(response.challenge).toMatch(/^DPoP error="invalid_dpop_proof"/);
    });

    it('refuses a proof for the MCP resource URL on another route', async () => {
      expect((await get('/notes', RESOURCE)).status).toBe(401);
    });

    it('answers a lack of scope with a DPoP insufficient_scope challenge (the scheme the token came with)', async () => {
      const token = await idp.mint({ dpopKey: key, scope: 'notes:read' });
      const response = await sendDpop(url, {
        method: 'POST',
        path: '/notes',
        authorization: `DPoP ${token}`,
        proofs: [
          await createDpopProof({
            key,
            method: 'POST',
            url: 'http://127.0.0.1:3000/notes',
            accessToken: token,
            body: '{}',
          }),
        ],
        body: '{}',
      });
      expect(response.status).toBe(403);
      expect(response.challenge).toBe(
        `DPoP error="insufficient_scope", error_description="The access token lacks a required scope", scope="notes:write notes:read", resource_metadata="${METADATA}", algs="${ALGS}"`,
      );
    });
  },
);

describe.each(HTTP_ADAPTERS)(
  'a guard extended through extractToken keeps working next to DPoP on %s',
  (adapter) => {
    let idp: TestIssuer;
    let key: DpopKey;
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      ({ idp, key, app, url } = await startRouteApp(
        adapter,
        CustomHeaderAuthGuard,
      ));
    });
    afterAll(async () => {
      await app.close();
      await idp.close();
    });

    const get = async (headerLines: string[]) =>
      (await rawRequest(url, { method: 'GET', path: '/notes', headerLines }))
        .status;

    it('takes an unbound token from its own header, and refuses a bound one there (no proof)', async () => {
      expect(
        await get([`X-Api-Token: ${await idp.mint({ scope: 'notes:read' })}`]),
      ).toBe(200);
      expect(
        await get([
          `X-Api-Token: ${await idp.mint({ dpopKey: key, scope: 'notes:read' })}`,
        ]),
      ).toBe(401);
    });

    it('still reads Authorization: DPoP with its proof through super.extractToken', async () => {
      const token = await idp.mint({ dpopKey: key, scope: 'notes:read' });
      const proof = await createDpopProof({
        key,
        method: 'GET',
        url: 'http://127.0.0.1:3000/notes',
        accessToken: token,
      });
      expect(
        await get([`Authorization: DPoP ${token}`, `DPoP: ${proof}`]),
      ).toBe(200);
    });
  },
);
