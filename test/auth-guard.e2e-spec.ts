import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import {
  McpAuthConfigError,
  McpAuthModule,
  type McpAuthOptions,
} from '@nest-mcp/auth';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  LocalGuardFixtureController,
  NotesFixtureController,
  PayrollReportsFixtureController,
  SalesReportsFixtureController,
} from './support/fixture.controllers.js';
import { TaggingAuthGuard } from './support/extended-guard.fixture.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { listen } from './support/listen.js';
import { rawGet } from './support/raw-http.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const METADATA_URL =
  'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp';
const NO_CREDENTIALS = `Bearer scope="notes:read", resource_metadata="${METADATA_URL}"`;

describe.each(HTTP_ADAPTERS)('McpAuthGuard over HTTP on %s', (adapter) => {
  let idp: TestIssuer;
  let downIdp: TestIssuer;
  let app: INestApplication;
  let url: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    idp = await startTestIssuer({ audience: RESOURCE });
    downIdp = await startTestIssuer({ audience: RESOURCE });
    await downIdp.close();
    ({ app, url } = await listen(
      {
        imports: [
          McpAuthModule.forRoot({
            resource: RESOURCE,
            authorizationServers: [
              { issuer: idp.issuer, jwksUri: idp.jwksUri },
              { issuer: downIdp.issuer, jwksUri: downIdp.jwksUri },
            ],
          }),
        ],
        controllers: [
          NotesFixtureController,
          SalesReportsFixtureController,
          PayrollReportsFixtureController,
        ],
      },
      undefined,
      { adapter },
    ));
  });
  afterAll(async () => {
    await app.close();
    await idp.close();
  });

  describe('credentials only from the Authorization header (RFC 6750 §2, MCP authorization)', () => {
    it('accepts the scheme in any case', async () => {
      const token = await idp.mint({ scope: 'notes:read' });
      await request(url)
        .get('/notes')
        .set('Authorization', `bEaReR ${token}`)
        .expect(200);
    });

    it('ignores a token in the query string: 401 without an error code', async () => {
      const token = await idp.mint({ scope: 'notes:read' });
      const res = await request(url)
        .get(`/notes?access_token=${token}`)
        .expect(401);
      expect(res.headers['www-authenticate']).toBe(NO_CREDENTIALS);
    });

    it('ignores a token in a form body: 401 without an error code', async () => {
      const token = await idp.mint({ scope: 'notes:write' });
      const res = await request(url)
        .post('/notes')
        .type('form')
        .send({ access_token: token })
        .expect(401);
      expect(res.headers['www-authenticate']).not.toContain('error=');
    });

    it.each([
      ['Basic credentials', 'Basic dXNlcjpwYXNz'],
      ['the Token scheme', 'Token abc'],
      ['Bearer with nothing after it', 'Bearer'],
    ])('treats %s as no credentials', async (_label, value) => {
      const res = await request(url)
        .get('/notes')
        .set('Authorization', value)
        .expect(401);
      expect(res.headers['www-authenticate']).toBe(NO_CREDENTIALS);
    });

    it('answers 400 invalid_request to two Authorization headers (RFC 6750 §3.1)', async () => {
      const token = await idp.mint({ scope: 'notes:read' });
      const res = await rawGet(`${url}/notes`, {
        authorization: [`Bearer ${token}`, `Bearer ${token}`],
      });
      expect(res.status).toBe(400);
      expect(res.headers['www-authenticate']).toBe(
        `Bearer error="invalid_request", error_description="Malformed authorization request", resource_metadata="${METADATA_URL}"`,
      );
    });
  });

  describe('invalid tokens: 401 invalid_token, generic text, nothing echoed (RFC 6750 §3.1)', () => {
    it('says the token expired without echoing it', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = await idp.mint({
        scope: 'notes:read',
        claims: { exp: now - 3600, iat: now - 7200 },
      });
      const res = await request(url).get('/notes').set(auth(token)).expect(401);
      expect(res.headers['www-authenticate']).toBe(
        `Bearer error="invalid_token", error_description="The access token has expired", resource_metadata="${METADATA_URL}"`,
      );
      expect(JSON.stringify(res.headers) + res.text).not.toContain(
        token.split('.')[1],
      );
    });

    it('never reflects a hostile token into the response', async () => {
      const res = await request(url)
        .get('/notes')
        .set('Authorization', 'Bearer "><img src=xss-marker>')
        .expect(401);
      expect(res.headers['www-authenticate']).toContain(
        'error="invalid_token"',
      );
      expect(JSON.stringify(res.headers) + res.text).not.toContain(
        'xss-marker',
      );
    });

    it('rejects a token for another audience', async () => {
      const token = await idp.mint({
        scope: 'notes:read',
        audience: 'https://other.example/mcp',
      });
      const res = await request(url).get('/notes').set(auth(token)).expect(401);
      expect(res.headers['www-authenticate']).toContain(
        'error="invalid_token"',
      );
    });
  });

  it('answers 503 with Retry-After when a trusted issuer JWKS is unreachable', async () => {
    const token = await downIdp.mint({ scope: 'notes:read' });
    const res = await request(url).get('/notes').set(auth(token)).expect(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/at .*\.js/);
  });

  it('@Public() routes need no token; @ResourceOwner() is then undefined', async () => {
    await request(url).get('/notes/open').expect(200).expect({ owner: null });
  });

  it('the handler scope list overrides the class one (getAllAndOverride)', async () => {
    const writeOnly = await idp.mint({ scope: 'notes:write' });
    await request(url).post('/notes').set(auth(writeOnly)).expect(201);
    await request(url).get('/notes').set(auth(writeOnly)).expect(403);
  });

  it('an inherited handler gets the class scopes of the controller it is served from, request after request', async () => {
    const sales = auth(
      await idp.mint({ subject: 's', scope: 'reports:sales' }),
    );
    const payroll = auth(
      await idp.mint({ subject: 'p', scope: 'reports:payroll' }),
    );
    for (let round = 0; round < 2; round += 1) {
      await request(url).get('/reports/sales').set(sales).expect(200);
      const refused = await request(url)
        .get('/reports/payroll')
        .set(sales)
        .expect(403);
      expect(refused.headers['www-authenticate']).toMatch(
        /scope="[^"]*\breports:payroll\b/,
      );
      await request(url).get('/reports/payroll').set(payroll).expect(200);
      await request(url).get('/reports/sales').set(payroll).expect(403);
    }
  });
});

describe.each(HTTP_ADAPTERS)('McpAuthModule options on %s', (adapter) => {
  let idp: TestIssuer;
  const base = (): McpAuthOptions => idp.authOptions(RESOURCE);
  beforeAll(async () => {
    idp = await startTestIssuer({ audience: RESOURCE });
  });
  afterAll(() => idp.close());

  it('scopeHierarchy: a broader scope satisfies @RequireScopes() of a narrower one, not the reverse (MCP 2026-07-28 authorization)', async () => {
    const { app, url } = await listen(
      {
        imports: [
          McpAuthModule.forRoot({
            ...base(),
            scopeHierarchy: { 'notes:admin': ['notes:read'] },
          }),
        ],
        controllers: [NotesFixtureController],
      },
      undefined,
      { adapter },
    );
    try {
      await request(url)
        .get('/notes')
        .set(
          'Authorization',
          `Bearer ${await idp.mint({ scope: 'notes:admin' })}`,
        )
        .expect(200);
      const res = await request(url)
        .get('/notes')
        .set('Authorization', `Bearer ${await idp.mint({ scope: 'other' })}`)
        .expect(403);
      expect(res.headers['www-authenticate']).toContain(
        'scope="notes:read other"',
      );
    } finally {
      await app.close();
    }
  });

  it('requiredScopes apply to every guarded route (403 insufficient_scope)', async () => {
    const { app, url } = await listen(
      {
        imports: [
          McpAuthModule.forRoot({ ...base(), requiredScopes: ['mcp'] }),
        ],
        controllers: [NotesFixtureController],
      },
      undefined,
      { adapter },
    );
    try {
      const without = await idp.mint({ scope: 'notes:read' });
      const res = await request(url)
        .get('/notes')
        .set('Authorization', `Bearer ${without}`)
        .expect(403);
      expect(res.headers['www-authenticate']).toContain(
        'scope="mcp notes:read"',
      );
      const withIt = await idp.mint({ scope: 'mcp notes:read' });
      await request(url)
        .get('/notes')
        .set('Authorization', `Bearer ${withIt}`)
        .expect(200);
    } finally {
      await app.close();
    }
  });

  it('globalGuard: false leaves routes open unless they use @UseGuards(McpAuthGuard)', async () => {
    const { app, url } = await listen(
      {
        imports: [McpAuthModule.forRoot({ ...base(), globalGuard: false })],
        controllers: [LocalGuardFixtureController],
      },
      undefined,
      { adapter },
    );
    try {
      await request(url).get('/local/unguarded').expect(200);
      await request(url).get('/local/guarded').expect(401);
      const token = await idp.mint({ subject: 'carol' });
      const res = await request(url)
        .get('/local/guarded')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(res.body.subject).toBe('carol');
    } finally {
      await app.close();
    }
  });

  it('McpAuthGuard can be extended (protected onRefused): same challenges, plus what the subclass adds', async () => {
    const { app, url } = await listen(
      {
        imports: [McpAuthModule.forRoot({ ...base(), globalGuard: false })],
        controllers: [NotesFixtureController],
        providers: [{ provide: APP_GUARD, useClass: TaggingAuthGuard }],
      },
      undefined,
      { adapter },
    );
    try {
      const missing = await request(url).get('/notes').expect(401);
      expect(missing.headers['x-auth-refused']).toBe('MissingCredentialsError');
      expect(missing.headers['www-authenticate']).toBe(
        `Bearer scope="notes:read", resource_metadata="${METADATA_URL}"`,
      );
      const lacking = await request(url)
        .get('/notes')
        .set('Authorization', `Bearer ${await idp.mint({ scope: 'x' })}`)
        .expect(403);
      expect(lacking.headers['x-auth-refused']).toBe('InsufficientScopeError');
      const ok = await request(url)
        .get('/notes')
        .set(
          'Authorization',
          `Bearer ${await idp.mint({ scope: 'notes:read' })}`,
        )
        .expect(200);
      expect(ok.headers['x-auth-refused']).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('fails at boot with a message naming the option and the fix', async () => {
    const compile = Test.createTestingModule({
      imports: [
        McpAuthModule.forRoot({
          ...base(),
          resource: 'http://api.example.com/mcp',
        }),
      ],
    }).compile();
    await expect(compile).rejects.toThrow(McpAuthConfigError);
    await expect(
      Test.createTestingModule({
        imports: [
          McpAuthModule.forRoot({
            ...base(),
            resource: 'http://api.example.com/mcp',
          }),
        ],
      }).compile(),
    ).rejects.toThrow(/option "resource".*allowInsecureHttp/);
  });
});
