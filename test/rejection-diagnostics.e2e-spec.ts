import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { McpAuthModule } from '@nest-mcp/auth';
import {
  generateSigningKey,
  startTestIssuer,
  type MintOptions,
  type TestIssuer,
  type TestSigningKey,
} from '@nest-mcp/auth/testing';
import { SignJWT } from 'jose';
import request from 'supertest';
import { NotesFixtureController } from './support/fixture.controllers.js';
import { LeveledLogger } from './support/leveled-logger.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { listen } from './support/listen.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const METADATA_URL =
  'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp';
/** Claims outside the diagnostic allowlist: none of these values may reach the log. */
const SECRET_CLAIMS = {
  sub: 'subject-never-logged-5d1e',
  email: 'alice.never.logged@example.com',
  jti: 'jti-never-logged-77aa',
};
const now = () => Math.floor(Date.now() / 1000);
const hasControlCharacter = (text: string) =>
  [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

interface Case {
  readonly name: string;
  readonly token: () => Promise<string>;
  readonly reason: string;
  readonly level: 'warn' | 'debug';
  /** Substrings (or patterns) the line must contain. */
  readonly facts: (idp: TestIssuer) => (string | RegExp)[];
  readonly status?: number;
}

describe.each(HTTP_ADAPTERS)(
  'rejection diagnostics in the server log on %s (RFC 6750 §3.1: the client answer stays generic)',
  (adapter) => {
    let idp: TestIssuer;
    let stranger: TestSigningKey;
    let es256: TestSigningKey;
    let app: INestApplication;
    let url: string;
    const logger = new LeveledLogger();
    const sent: string[] = [];
    const mint = (options: Partial<MintOptions> = {}, key?: TestSigningKey) =>
      idp.mint(
        {
          scope: 'notes:read',
          ...options,
          claims: { ...SECRET_CLAIMS, ...options.claims },
        },
        key,
      );

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      stranger = await generateSigningKey('RS256');
      es256 = await generateSigningKey('ES256');
      ({ app, url } = await listen(
        {
          imports: [
            McpAuthModule.forRoot({
              ...idp.authOptions(RESOURCE),
              maxTokenAgeSeconds: 3600,
            }),
          ],
          controllers: [NotesFixtureController],
        },
        logger,
        { adapter },
      ));
    }, 60_000);
    afterAll(async () => {
      await app.close();
      await idp.close();
    });

    const cases: Case[] = [
      {
        name: 'not a JWT',
        token: async () => 'opaque-access-token-value-0123456789abcdef',
        reason: 'malformed',
        level: 'debug',
        facts: () => ['parts=1', 'length=42', 'opaque token'],
      },
      {
        name: 'issuer with a trailing slash',
        token: () => mint({ issuer: `${idp.issuer}/` }),
        reason: 'untrusted_issuer',
        level: 'warn',
        facts: (i) => [
          `iss="${i.issuer}/"`,
          `trusted=["${i.issuer}"]`,
          'only in a trailing slash',
          'authorizationServers (MCP_AUTH_AUTHORIZATION_SERVERS)',
        ],
      },
      {
        name: 'an asymmetric algorithm not allowed',
        token: () => mint({}, es256),
        reason: 'algorithm_not_allowed',
        level: 'debug',
        facts: (i) => [
          `issuer="${i.issuer}"`,
          'alg="ES256"',
          'allowed=["RS256"]',
          'authorizationServers[].algorithms',
        ],
      },
      {
        name: 'HS256',
        token: () =>
          new SignJWT({ iss: idp.issuer, aud: RESOURCE, ...SECRET_CLAIMS })
            .setProtectedHeader({ alg: 'HS256', kid: 'shared' })
            .setExpirationTime('5m')
            .sign(
              new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'),
            ),
        reason: 'algorithm_not_allowed',
        level: 'debug',
        facts: () => ['alg="HS256"', 'kid="shared"', 'RFC 8725 §3.1'],
      },
      {
        name: 'a typ that is no access token',
        token: () => mint({ header: { typ: 'dpop+jwt' } }),
        reason: 'wrong_type',
        level: 'debug',
        facts: () => ['typ="dpop+jwt"', 'accepted='],
      },
      {
        name: 'a kid the JWKS does not publish',
        token: () => mint({}, stranger),
        reason: 'unknown_key',
        level: 'warn',
        facts: (i) => [
          `issuer="${i.issuer}"`,
          `kid="${stranger.kid}"`,
          'alg="RS256"',
          'cooldown=30s',
          'jwksUri',
        ],
      },
      {
        name: 'a signature by another key under a published kid',
        token: () => mint({ header: { kid: idp.key.kid } }, stranger),
        reason: 'bad_signature',
        level: 'debug',
        facts: (i) => [`kid="${i.key.kid}"`, 'alg="RS256"'],
      },
      {
        name: 'another audience',
        token: () =>
          mint({ audience: ['https://other.example/api', `${RESOURCE}/`] }),
        reason: 'wrong_audience',
        level: 'warn',
        facts: () => [
          `aud=["https://other.example/api","${RESOURCE}/"]`,
          `accepted=["${RESOURCE}"]`,
          'only in a trailing slash',
          'authorizationServers[].audiences',
          'client_id="test-client"',
        ],
      },
      {
        name: 'a client ID as audience',
        token: () => mint({ audience: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }),
        reason: 'wrong_audience',
        level: 'warn',
        facts: () => [
          'aud="aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"',
          "looks like a client ID (GUID), as Entra ID v2.0 tokens carry the API's client ID",
        ],
      },
      {
        name: 'expired',
        token: () => mint({ claims: { exp: now() - 500 } }),
        reason: 'expired',
        level: 'debug',
        facts: () => [
          /exp=\d+\(50\ds ago\)/,
          'tolerance=60s',
          'clockToleranceSeconds',
        ],
      },
      {
        name: 'not yet valid',
        token: () => mint({ claims: { nbf: now() + 900, exp: now() + 1800 } }),
        reason: 'not_yet_valid',
        level: 'debug',
        facts: () => [/nbf=\d+\(in (89\d|900)s\)/, 'tolerance=60s', 'NTP'],
      },
      {
        name: 'issued in the future',
        token: () => mint({ claims: { iat: now() + 900, exp: now() + 1800 } }),
        reason: 'issued_in_future',
        level: 'debug',
        facts: () => [/iat=\d+\(in (89\d|900)s\)/, 'tolerance=60s'],
      },
      {
        name: 'older than maxTokenAgeSeconds',
        token: () => mint({ claims: { iat: now() - 7200 } }),
        reason: 'too_old',
        level: 'debug',
        facts: () => [
          /iat=\d+\(720\ds ago\)/,
          'max_age=3600s',
          'maxTokenAgeSeconds',
        ],
      },
      {
        name: 'a non-numeric exp',
        token: () => mint({ claims: { exp: 'tomorrow' } }),
        reason: 'bad_claims',
        level: 'debug',
        facts: () => ['exp="tomorrow"', 'NumericDate'],
      },
      {
        name: 'no subject',
        token: () => mint({ claims: { sub: undefined } }),
        reason: 'missing_subject',
        level: 'debug',
        facts: () => ['sub must be a non-empty string'],
      },
      {
        name: 'a valid token without the route scope',
        token: () => mint({ scope: 'profile' }),
        reason: 'insufficient_scope',
        level: 'debug',
        facts: () => [
          'needed=["notes:read"]',
          'granted=["profile"]',
          'missing=["notes:read"]',
        ],
        status: 403,
      },
    ];

    it.each(cases)(
      'one $level line for $name ($reason), the answer unchanged',
      async ({ token, reason, level, facts, status = 401 }) => {
        const presented = await token();
        sent.push(presented);
        const before = logger.lines.length;
        const res = await request(url)
          .get('/notes')
          .set('Authorization', `Bearer ${presented}`)
          .expect(status);
        if (status === 401) {
          expect(res.headers['www-authenticate']).toMatch(
            new RegExp(
              `^Bearer error="invalid_token", error_description="The access token (is invalid|has expired)", resource_metadata="${METADATA_URL}"$`,
            ),
          );
        }
        const added = logger.lines
          .slice(before)
          .filter((line) => line.message.includes('reason='));
        expect(added).toHaveLength(1);
        const line = added[0];
        expect(line.message).toContain(`reason=${reason} `);
        expect(line.level).toBe(level);
        for (const fact of facts(idp)) {
          if (typeof fact === 'string') expect(line.message).toContain(fact);
          else expect(line.message).toMatch(fact);
        }
        expect(line.message).toContain('; fix: ');
        expect(hasControlCharacter(line.message)).toBe(false);
      },
      60_000,
    );

    it('never logs a token, its signature or a claim outside the allowlist', () => {
      const text = logger.text();
      for (const token of sent) {
        expect(text).not.toContain(token);
        const signature = token.split('.')[2];
        if (signature) expect(text).not.toContain(signature);
      }
      for (const value of Object.values(SECRET_CLAIMS))
        expect(text).not.toContain(value);
    });

    it('makes attacker-controlled values safe: control characters replaced, length capped', async () => {
      const hostile = `evil\u0000\u001b[31m"\n${'x'.repeat(500)}`;
      const token = await mint({ audience: hostile });
      await request(url)
        .get('/notes')
        .set('Authorization', `Bearer ${token}`)
        .expect(401);
      const line = logger.lines.at(-1)!;
      expect(line.message).toContain('aud="evil??[31m\\"?xxx');
      expect(line.message).toContain(`${'x'.repeat(100)}..."`);
      expect(line.message).not.toContain('x'.repeat(121));
      expect(hasControlCharacter(line.message)).toBe(false);
    });
  },
);
