import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { exportJWK, generateKeyPair, jwtVerify } from 'jose';
import {
  McpAuthModule,
  McpAuthSelfCheck,
  McpTokenVerifier,
  resolveMcpAuthOptions,
  type McpAuthOptions,
} from '@nest-mcp/auth';
import {
  createDpopProof,
  generateDpopKey,
  generateSigningKey,
  mintAccessToken,
  startTestIssuer,
} from '@nest-mcp/auth/testing';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { CapturingLogger } from './support/capturing-logger.js';
import { NotesFixtureController } from './support/fixture.controllers.js';
import { freePort } from './support/free-port.js';
import {
  startIntrospectingIssuer,
  type IntrospectingIssuer,
} from './support/introspecting-issuer.js';
import { listen } from './support/listen.js';

const RESOURCE = 'https://mcp.example.test/mcp';
const SECRET = 'introspection-secret-never-logged';

describe.each(HTTP_ADAPTERS)(
  'RFC 7662 introspection: answers, faults, caching and path confusion on %s',
  (adapter) => {
    const logs = new CapturingLogger();
    let as: IntrospectingIssuer;
    let app: INestApplication;
    let url: string;
    let options: McpAuthOptions;

    const get = (token: string, init: RequestInit = {}) =>
      fetch(`${url}/notes`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...init.headers },
      });
    const active = (extra: Record<string, unknown> = {}) => ({
      iss: as.issuer,
      aud: RESOURCE,
      sub: 'opaque-user',
      scope: 'notes:read',
      client_id: 'client-a',
      exp: Math.floor(Date.now() / 1000) + 300,
      ...extra,
    });
    const seenFor = (token: string) =>
      as.seen.filter((seen) => seen.token === token).length;

    beforeAll(async () => {
      as = await startIntrospectingIssuer();
      options = {
        resource: RESOURCE,
        authorizationServers: [
          {
            issuer: as.issuer,
            introspection: { clientId: 'rs', clientSecret: SECRET },
          },
        ],
        jwksTimeoutMs: 2000,
      };
      ({ app, url } = await listen(
        {
          imports: [McpAuthModule.forRoot(options)],
          controllers: [NotesFixtureController],
        },
        logs,
        { adapter },
      ));
    });
    afterAll(async () => {
      await app.close();
      await as.close();
    });

    it('accepts an active answer and authenticates with client_secret_basic (RFC 7662 §2.1)', async () => {
      as.answers.set('opaque-ok', active());
      const response = await get('opaque-ok');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        subject: 'opaque-user',
        issuer: as.issuer,
        clientId: 'client-a',
        scopes: ['notes:read'],
      });
      const [seen] = as.seen.filter((s) => s.token === 'opaque-ok');
      expect(seen.authorization).toBe(
        `Basic ${Buffer.from(`rs:${SECRET}`).toString('base64')}`,
      );
      expect(seen.form.get('token_type_hint')).toBe('access_token');
      expect(seen.form.has('client_secret')).toBe(false);
    });

    it('answers a cached token without asking again', async () => {
      as.answers.set('opaque-cached', active());
      for (let i = 0; i < 3; i++)
        expect((await get('opaque-cached')).status).toBe(200);
      expect(seenFor('opaque-cached')).toBe(1);
    });

    it('remembers a refusal briefly: an unknown token is introspected once', async () => {
      for (let i = 0; i < 3; i++)
        expect((await get('opaque-unknown')).status).toBe(401);
      expect(seenFor('opaque-unknown')).toBe(1);
    });

    it('403 insufficient_scope for an active token without the scope', async () => {
      as.answers.set('opaque-no-scope', active({ scope: 'other' }));
      const response = await get('opaque-no-scope');
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toContain(
        'error="insufficient_scope"',
      );
    });

    it.each([
      ['active:false', { active: false }],
      ['another resource (aud)', { aud: 'https://other.example/mcp' }],
      ['no aud (acceptMissingAudience off)', { aud: undefined }],
      ['another issuer (iss)', { iss: 'https://other-issuer.example' }],
      ['a refresh token (token_type)', { token_type: 'refresh_token' }],
      ['expired', { exp: Math.floor(Date.now() / 1000) - 3600 }],
      ['not yet valid', { nbf: Math.floor(Date.now() / 1000) + 3600 }],
      ['no exp', { exp: undefined }],
      ['no sub', { sub: undefined }],
      ['scope of the wrong type', { scope: ['notes:read'] }],
    ])('401 invalid_token for %s', async (name, override) => {
      const token = `opaque-refused-${name.replace(/\W+/g, '-')}`;
      as.answers.set(token, active(override));
      const response = await get(token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(
        /^Bearer error="invalid_token"/,
      );
    });

    it.each([
      ['HTTP 500', { status: 500, body: '{"error":"server_error"}' }],
      ['HTTP 401 (wrong client credentials)', { status: 401, body: '{}' }],
      ['garbage', { status: 200, body: '<html>oops</html>' }],
      ['JSON that is no RFC 7662 answer', { status: 200, body: '{"ok":true}' }],
      ['an array', { status: 200, body: '[]' }],
      ['a slow endpoint (over jwksTimeoutMs)', 'hang' as const],
    ])('503 with Retry-After for %s, never 401', async (name, behaviour) => {
      const token = `opaque-fault-${name.replace(/\W+/g, '-')}`;
      const before = as.behave;
      as.behave = () => behaviour;
      try {
        const response = await get(token);
        expect(response.status).toBe(503);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        as.behave = before;
      }
      // A failure is not remembered: once the endpoint answers, the token is accepted.
      as.answers.set(token, active());
      expect((await get(token)).status).toBe(200);
    });

    it('503 with Retry-After when the introspection endpoint is down', async () => {
      const closed = await freePort();
      const { app: downApp, url: downUrl } = await listen(
        {
          imports: [
            McpAuthModule.forRoot({
              ...options,
              authorizationServers: [
                {
                  issuer: as.issuer,
                  introspection: {
                    clientId: 'rs',
                    clientSecret: SECRET,
                    endpoint: `http://127.0.0.1:${closed}/introspect`,
                  },
                },
              ],
            }),
          ],
          controllers: [NotesFixtureController],
        },
        undefined,
        { adapter },
      );
      try {
        const response = await fetch(`${downUrl}/notes`, {
          headers: { authorization: 'Bearer opaque-while-down' },
        });
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      } finally {
        await downApp.close();
      }
    });

    it('never logs the token or the client secret', () => {
      const all = logs.lines.join('\n');
      expect(all).toContain('introspection at');
      expect(all).toContain('reason=inactive');
      expect(all).not.toContain(SECRET);
      expect(all).not.toContain('opaque-fault-');
      expect(all).not.toContain('opaque-refused-');
    });

    describe('a DPoP-bound opaque token (cnf.jkt in the answer, RFC 9449 §6.2)', () => {
      it('is refused as a bearer token, with the DPoP challenge', async () => {
        const key = await generateDpopKey();
        as.answers.set('opaque-bound-1', active({ cnf: { jkt: key.jkt } }));
        const response = await get('opaque-bound-1');
        expect(response.status).toBe(401);
        const challenge = response.headers.get('www-authenticate');
        expect(challenge).toContain('DPoP resource_metadata=');
        expect(challenge).toContain('must be presented with a DPoP proof');
      });

      it('is accepted with its proof, and refused with a proof of another key', async () => {
        const key = await generateDpopKey();
        const token = 'opaque-bound-2';
        as.answers.set(token, active({ cnf: { jkt: key.jkt } }));
        const send = async (proofKey = key) =>
          fetch(`${url}/notes`, {
            headers: {
              authorization: `DPoP ${token}`,
              dpop: await createDpopProof({
                key: proofKey,
                method: 'GET',
                // RFC 9449 §4.3: htu is the resource's origin and the request's path.
                url: `${new URL(RESOURCE).origin}/notes`,
                accessToken: token,
              }),
            },
          });
        expect((await send()).status).toBe(200);
        expect((await send(await generateDpopKey())).status).toBe(401);
      });
    });

    describe('path confusion', () => {
      it('a JWT of an untrusted issuer is never introspected at the trusted one', async () => {
        const evil = await generateSigningKey('RS256');
        const jwt = await mintAccessToken(evil, {
          issuer: 'https://evil.example',
          audience: RESOURCE,
          scope: 'notes:read',
        });
        as.answers.set(jwt, active());
        expect((await get(jwt)).status).toBe(401);
        expect(seenFor(jwt)).toBe(0);
      });

      it('a JWT naming the trusted issuer is verified by signature (its JWKS), not introspected', async () => {
        const jwt = await mintAccessToken(as.key, {
          issuer: as.issuer,
          audience: RESOURCE,
          scope: 'notes:read',
        });
        expect((await get(jwt)).status).toBe(200);
        const forged = await mintAccessToken(
          await generateSigningKey('RS256'),
          {
            issuer: as.issuer,
            audience: RESOURCE,
            scope: 'notes:read',
          },
        );
        as.answers.set(forged, active());
        expect((await get(forged)).status).toBe(401);
        expect(seenFor(jwt) + seenFor(forged)).toBe(0);
      });

      it('a random string with dots is never parsed as a JWT: it is introspected', async () => {
        const token = 'abc.def.ghi';
        as.answers.set(token, active());
        expect((await get(token)).status).toBe(200);
        expect(seenFor(token)).toBe(1);
      });
    });

    describe('single flight', () => {
      it('one introspection request for concurrent checks of one token (cache off)', async () => {
        const verifier = new McpTokenVerifier(
          resolveMcpAuthOptions({
            resource: RESOURCE,
            authorizationServers: [
              {
                issuer: as.issuer,
                introspection: {
                  clientId: 'rs',
                  clientSecret: SECRET,
                  cacheTtlSeconds: 0,
                },
              },
            ],
          }),
        );
        as.answers.set('opaque-flight', active());
        const owners = await Promise.all(
          Array.from({ length: 5 }, () => verifier.verify('opaque-flight')),
        );
        expect(owners.map((o) => o.subject)).toEqual(
          Array(5).fill('opaque-user'),
        );
        expect(seenFor('opaque-flight')).toBe(1);
        // With the cache off, a later check asks again.
        await verifier.verify('opaque-flight');
        expect(seenFor('opaque-flight')).toBe(2);
      });
    });

    describe('the synchronous hot path', () => {
      it('answers a token introspected before without I/O (McpTokenVerifier.cached)', async () => {
        const verifier = new McpTokenVerifier(resolveMcpAuthOptions(options));
        as.answers.set('opaque-hot', active());
        expect(verifier.cached('opaque-hot')).toBeUndefined();
        await verifier.verify('opaque-hot');
        const owner = verifier.cached('opaque-hot');
        expect(owner?.subject).toBe('opaque-user');
        expect(owner?.token).toBe('opaque-hot');
        expect(verifier.ownerOf('opaque-hot')).not.toBeInstanceOf(Promise);
        expect(seenFor('opaque-hot')).toBe(1);
      });
    });

    describe('client_secret_post and acceptMissingAudience', () => {
      it('sends the credentials in the form, and accepts an answer without aud', async () => {
        const verifier = new McpTokenVerifier(
          resolveMcpAuthOptions({
            resource: RESOURCE,
            authorizationServers: [
              {
                issuer: as.issuer,
                introspection: {
                  clientId: 'rs post',
                  clientSecret: SECRET,
                  authMethod: 'client_secret_post',
                  acceptMissingAudience: true,
                },
              },
            ],
          }),
        );
        as.answers.set('opaque-post', active({ aud: undefined }));
        expect((await verifier.verify('opaque-post')).subject).toBe(
          'opaque-user',
        );
        const seen = as.seen.find((s) => s.token === 'opaque-post')!;
        expect(seen.authorization).toBeUndefined();
        expect(seen.form.get('client_id')).toBe('rs post');
        expect(seen.form.get('client_secret')).toBe(SECRET);
      });
    });

    describe('private_key_jwt (RFC 7523)', () => {
      it('authenticates with a fresh signed client assertion per request, never the key', async () => {
        const { privateKey, publicKey } = await generateKeyPair('ES256', {
          extractable: true,
        });
        const jwk = {
          ...(await exportJWK(privateKey)),
          alg: 'ES256',
          kid: 'rs-1',
        };
        const verifier = new McpTokenVerifier(
          resolveMcpAuthOptions({
            resource: RESOURCE,
            authorizationServers: [
              {
                issuer: as.issuer,
                introspection: {
                  clientId: 'rs-jwt',
                  authMethod: 'private_key_jwt',
                  privateKey: jwk,
                  cacheTtlSeconds: 0,
                },
              },
            ],
          }),
        );
        as.answers.set('opaque-pkjwt', active());
        await verifier.verify('opaque-pkjwt');
        await verifier.verify('opaque-pkjwt');
        const seen = as.seen.filter((s) => s.token === 'opaque-pkjwt');
        expect(seen).toHaveLength(2);
        const assertions = seen.map((s) => s.form.get('client_assertion')!);
        expect(seen[0].form.get('client_assertion_type')).toBe(
          'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        );
        expect(seen[0].authorization).toBeUndefined();
        expect(seen[0].form.has('client_secret')).toBe(false);
        expect(assertions[0]).not.toBe(assertions[1]);
        for (const assertion of assertions) {
          const { payload, protectedHeader } = await jwtVerify(
            assertion,
            publicKey,
            { issuer: 'rs-jwt', subject: 'rs-jwt', audience: as.issuer },
          );
          expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: 'rs-1' });
          expect(typeof payload.jti).toBe('string');
          expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(60);
        }
      });
    });

    describe('the boot self-check', () => {
      it('reports an introspecting issuer whose metadata names no introspection_endpoint', async () => {
        const plain = await startTestIssuer();
        const { app: checked } = await listen(
          {
            imports: [
              McpAuthModule.forRoot({
                resource: RESOURCE,
                authorizationServers: [
                  {
                    issuer: plain.issuer,
                    introspection: { clientId: 'rs', clientSecret: SECRET },
                  },
                ],
              }),
            ],
          },
          undefined,
          { adapter },
        );
        try {
          const findings = await checked.get(McpAuthSelfCheck).findings();
          const finding = findings.find((f) =>
            f.problem.includes('introspection_endpoint'),
          );
          expect(finding?.subject).toBe(`issuer ${plain.issuer}`);
          expect(finding?.fix).toContain('introspection.endpoint');
          expect(JSON.stringify(findings)).not.toContain(SECRET);
        } finally {
          await checked.close();
          await plain.close();
        }
      });
    });
  },
);
