import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  generateSigningKey,
  startTestIssuer,
  type TestIssuer,
} from '@nest-mcp/auth/testing';
import { resolveMcpAuthOptions } from '../config/resolve-options.js';
import {
  AuthorizationServerUnavailableError,
  InvalidTokenError,
} from '../errors/mcp-auth.errors.js';
import type { McpAuthOptions } from '../mcp-auth-options.interface.js';
import { McpTokenVerifier } from './token-verifier.service.js';
import {
  b64url,
  hmacWithPublicKey,
  signRaw,
  signVerbatim,
  unsignedToken,
} from '../../../../test/support/raw-jws.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const now = () => Math.floor(Date.now() / 1000);

describe('McpTokenVerifier (RFC 9068 §4, RFC 8725 §3, RFC 7519 §4.1)', () => {
  let idp: TestIssuer;
  let verifier: McpTokenVerifier;

  const make = (overrides: Partial<McpAuthOptions> = {}, server = {}) =>
    new McpTokenVerifier(
      resolveMcpAuthOptions({
        resource: RESOURCE,
        authorizationServers: [
          { issuer: idp.issuer, jwksUri: idp.jwksUri, ...server },
        ],
        ...overrides,
      }),
    );

  const rejects = async (token: string, reason: string, v = verifier) => {
    const error = await v.verify(token).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as InvalidTokenError).reason).toBe(reason);
  };

  beforeAll(async () => {
    idp = await startTestIssuer({ audience: RESOURCE });
    verifier = make();
  });
  afterAll(() => idp.close());

  describe('accepts a valid token and returns its owner', () => {
    it('maps sub, iss, client_id, scope, aud, exp and keeps the token', async () => {
      const token = await idp.mint({
        subject: 'alice',
        scope: 'notes:read notes:write',
      });
      const owner = await verifier.verify(token);
      expect(owner).toMatchObject({
        subject: 'alice',
        issuer: idp.issuer,
        clientId: 'test-client',
        scopes: ['notes:read', 'notes:write'],
        audience: [RESOURCE],
        token,
      });
      expect(owner.expiresAt).toBeGreaterThan(now());
      expect(owner.claims.sub).toBe('alice');
    });

    it('takes the client from azp when client_id is absent', async () => {
      const token = await idp.mint({
        claims: { client_id: undefined, azp: 'spa' },
      });
      expect((await verifier.verify(token)).clientId).toBe('spa');
    });

    it('reads scopes from scp as an array (Entra/Okta style)', async () => {
      const token = await idp.mint({ claims: { scp: ['a', 'b'] } });
      expect((await verifier.verify(token)).scopes).toEqual(['a', 'b']);
    });

    it('reads scopes from scp as a string', async () => {
      const token = await idp.mint({ claims: { scp: 'a b' } });
      expect((await verifier.verify(token)).scopes).toEqual(['a', 'b']);
    });

    it.each([
      ['the node:crypto path', {}],
      // jose ignores `b64` outside `crit`; the fast path leaves such a header to jose.
      ['the jose path', { b64: true }],
    ])(
      'refuses scope as an array, a number or null on %s (RFC 9068 §2.2.3)',
      async (_path, header) => {
        const control = await idp.mint({ scope: 'a b', header });
        expect((await verifier.verify(control)).scopes).toEqual(['a', 'b']);
        for (const scope of [['notes:read', 'notes:write'], 7, null]) {
          await rejects(
            await idp.mint({ claims: { scope }, header }),
            'bad_claims',
          );
        }
        await rejects(
          await idp.mint({ claims: { scp: ['a', 5] }, header }),
          'bad_claims',
        );
      },
    );

    it('accepts aud as an array containing the resource (RFC 7519 §4.1.3)', async () => {
      const token = await idp.mint({
        audience: ['https://other.example', RESOURCE],
      });
      expect((await verifier.verify(token)).audience).toEqual([
        'https://other.example',
        RESOURCE,
      ]);
    });
  });

  describe('alg: allowlist of asymmetric algorithms (RFC 8725 §3.1)', () => {
    it('rejects alg none without fetching the JWKS', async () => {
      const before = idp.requests.length;
      await rejects(
        unsignedToken({
          iss: idp.issuer,
          aud: RESOURCE,
          sub: 'x',
          exp: now() + 60,
        }),
        'algorithm_not_allowed',
      );
      await rejects(
        unsignedToken(
          { iss: idp.issuer, aud: RESOURCE, sub: 'x', exp: now() + 60 },
          'nOnE',
        ),
        'algorithm_not_allowed',
      );
      expect(idp.requests.length).toBe(before);
    });

    it('rejects HS256 keyed with the public key (key confusion)', async () => {
      const forged = await hmacWithPublicKey(idp.key, {
        iss: idp.issuer,
        aud: RESOURCE,
        sub: 'x',
        exp: now() + 60,
      });
      await rejects(forged, 'algorithm_not_allowed');
    });

    it('rejects an asymmetric algorithm that is not configured for the issuer', async () => {
      const es = await generateSigningKey('ES256', idp.key.kid);
      await rejects(await idp.mint({}, es), 'algorithm_not_allowed');
    });

    it('accepts ES256 when configured, from a JWKS holding an EC key', async () => {
      const ecIdp = await startTestIssuer({
        algorithm: 'ES256',
        audience: RESOURCE,
      });
      try {
        const v = new McpTokenVerifier(
          resolveMcpAuthOptions({
            resource: RESOURCE,
            authorizationServers: [
              {
                issuer: ecIdp.issuer,
                jwksUri: ecIdp.jwksUri,
                algorithms: ['ES256'],
              },
            ],
          }),
        );
        expect(
          (await v.verify(await ecIdp.mint({ subject: 'ec' }))).subject,
        ).toBe('ec');
      } finally {
        await ecIdp.close();
      }
    });
  });

  describe('keys only from the trusted issuer JWKS (RFC 8725 §3.10)', () => {
    it('rejects a token whose kid is not in the JWKS', async () => {
      const stranger = await generateSigningKey('RS256');
      await rejects(await idp.mint({}, stranger), 'unknown_key');
    });

    it('rejects a token signed by another key under a trusted kid', async () => {
      const impostor = await generateSigningKey('RS256', idp.key.kid);
      await rejects(await idp.mint({}, impostor), 'bad_signature');
    });

    it('ignores an embedded jwk / jku / x5u header and never fetches them', async () => {
      const attacker = await generateSigningKey('RS256');
      const lure = await startTestIssuer();
      try {
        const token = await idp.mint(
          {
            header: {
              jwk: attacker.publicJwk,
              jku: lure.jwksUri,
              x5u: `${lure.issuer}/cert`,
            },
          },
          attacker,
        );
        await rejects(token, 'unknown_key');
        expect(lure.requests).toEqual([]);
      } finally {
        await lure.close();
      }
    });

    it('rejects a tampered payload', async () => {
      const token = await idp.mint({ subject: 'bob' });
      const [h, , s] = token.split('.');
      const payload = b64url(
        JSON.stringify({
          iss: idp.issuer,
          aud: RESOURCE,
          sub: 'admin',
          exp: now() + 60,
        }),
      );
      await rejects(`${h}.${payload}.${s}`, 'bad_signature');
    });

    it('rejects unknown crit header parameters (RFC 7515 §4.1.11)', async () => {
      const header = {
        alg: 'RS256',
        kid: idp.key.kid,
        crit: ['x-unknown'],
        'x-unknown': 1,
      };
      const payload = b64url(
        JSON.stringify({
          iss: idp.issuer,
          aud: RESOURCE,
          sub: 'x',
          exp: now() + 60,
        }),
      );
      const token = await signVerbatim(idp.key, header, payload);
      await rejects(token, 'malformed');
      // Control: the same construction without crit is accepted, so the refusal is due to crit.
      expect(
        await verifier.verify(
          await signVerbatim(
            idp.key,
            { alg: 'RS256', kid: idp.key.kid },
            payload,
          ),
        ),
      ).toBeDefined();
    });
  });

  describe('iss: exact match among trusted issuers, before any fetch (RFC 9068 §4, RFC 8725 §3.8)', () => {
    it('rejects an unknown issuer without any network request', async () => {
      const before = idp.requests.length;
      await rejects(
        await idp.mint({ issuer: 'https://evil.example' }),
        'untrusted_issuer',
      );
      await rejects(
        await idp.mint({ issuer: `${idp.issuer}/` }),
        'untrusted_issuer',
      );
      await rejects(
        await idp.mint({ claims: { iss: undefined } }),
        'untrusted_issuer',
      );
      expect(idp.requests.length).toBe(before);
    });
  });

  describe('aud must contain an accepted audience exactly (RFC 8707, RFC 9068 §4)', () => {
    it('rejects another resource, a trailing slash, and a missing aud', async () => {
      await rejects(
        await idp.mint({ audience: 'http://127.0.0.1:3000/other' }),
        'wrong_audience',
      );
      await rejects(
        await idp.mint({ audience: `${RESOURCE}/` }),
        'wrong_audience',
      );
      await rejects(await idp.mint({ audience: idp.issuer }), 'wrong_audience');
      await rejects(
        await idp.mint({ claims: { aud: undefined } }),
        'wrong_audience',
      );
    });

    it('uses the configured audiences instead of the resource when given', async () => {
      const v = make({}, { audiences: ['api://notes'] });
      expect(
        (await v.verify(await idp.mint({ audience: 'api://notes' }))).subject,
      ).toBe('user-1');
      await rejects(
        await idp.mint({ audience: RESOURCE }),
        'wrong_audience',
        v,
      );
    });
  });

  describe('aud spelled with uppercase scheme or host (RFC 3986 §6.2.2.1; MCP: SHOULD accept)', () => {
    const CANONICAL = 'https://api.example.com/mcp';
    it('accepts uppercase scheme and host, alone or among other audiences', async () => {
      const v = make({}, { audiences: [CANONICAL] });
      for (const aud of [
        'HTTPS://API.EXAMPLE.COM/mcp',
        'https://Api.Example.Com/mcp',
        ['https://other.example', 'HTTPS://api.example.com/mcp'],
      ]) {
        expect(
          (await v.verify(await idp.mint({ audience: aud }))).subject,
        ).toBe('user-1');
      }
    });

    it('keeps everything else exact: path case, port, trailing slash', async () => {
      const v = make({}, { audiences: [CANONICAL] });
      for (const aud of [
        'https://api.example.com/MCP',
        'HTTPS://API.EXAMPLE.COM:443/mcp',
        'HTTPS://API.EXAMPLE.COM/mcp/',
      ]) {
        await rejects(await idp.mint({ audience: aud }), 'wrong_audience', v);
      }
    });
  });

  describe('exp required, numeric and finite; nbf/iat with tolerance (RFC 7519 §4.1)', () => {
    it('rejects an expired token and accepts one expired within the tolerance', async () => {
      await rejects(await idp.mint({ claims: { exp: now() - 61 } }), 'expired');
      expect(
        await verifier.verify(await idp.mint({ claims: { exp: now() - 30 } })),
      ).toBeDefined();
      const strict = make({ clockToleranceSeconds: 0 });
      await rejects(
        await idp.mint({ claims: { exp: now() - 1 } }),
        'expired',
        strict,
      );
    });

    it('rejects a missing, non-numeric, infinite or absurd exp', async () => {
      await rejects(
        await idp.mint({ claims: { exp: undefined } }),
        'bad_claims',
      );
      await rejects(
        await idp.mint({ claims: { exp: String(now() + 60) } }),
        'bad_claims',
      );
      await rejects(await idp.mint({ claims: { exp: 1e20 } }), 'bad_claims');
      const infinite = await signRaw(
        idp.key,
        `{"iss":"${idp.issuer}","aud":"${RESOURCE}","sub":"x","exp":1e400}`,
      );
      await rejects(infinite, 'bad_claims');
    });

    it('rejects nbf beyond the tolerance and accepts it within', async () => {
      await rejects(
        await idp.mint({ claims: { nbf: now() + 120 } }),
        'not_yet_valid',
      );
      expect(
        await verifier.verify(await idp.mint({ claims: { nbf: now() + 30 } })),
      ).toBeDefined();
    });

    it('rejects iat in the future beyond the tolerance and accepts it within', async () => {
      await rejects(
        await idp.mint({ claims: { iat: now() + 120 } }),
        'issued_in_future',
      );
      expect(
        await verifier.verify(await idp.mint({ claims: { iat: now() + 30 } })),
      ).toBeDefined();
    });

    it('applies maxTokenAgeSeconds to iat (and then requires iat)', async () => {
      const v = make({ maxTokenAgeSeconds: 600 });
      await rejects(
        await idp.mint({ claims: { iat: now() - 3600 } }),
        'too_old',
        v,
      );
      await rejects(
        await idp.mint({ claims: { iat: undefined } }),
        'bad_claims',
        v,
      );
      expect(
        await v.verify(await idp.mint({ claims: { iat: now() - 60 } })),
      ).toBeDefined();
    });
  });

  describe('sub required, a non-empty string (RFC 9068 §2.2)', () => {
    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['a number', 42],
    ])('rejects sub %s', async (_label, sub) => {
      await rejects(await idp.mint({ claims: { sub } }), 'missing_subject');
    });
  });

  describe('typ (RFC 9068 §4, RFC 8725 §3.11)', () => {
    it('accepts at+jwt, JWT and no typ by default, refuses other types', async () => {
      for (const typ of ['at+jwt', 'JWT', 'application/at+jwt', undefined]) {
        expect(
          await verifier.verify(await idp.mint({ header: { typ } })),
        ).toBeDefined();
      }
      await rejects(
        await idp.mint({ header: { typ: 'dpop+jwt' } }),
        'wrong_type',
      );
    });

    it('requires at+jwt when requireJwtAccessTokenType is set', async () => {
      const v = make({ requireJwtAccessTokenType: true });
      expect(
        await v.verify(await idp.mint({ header: { typ: 'at+jwt' } })),
      ).toBeDefined();
      await rejects(
        await idp.mint({ header: { typ: 'JWT' } }),
        'wrong_type',
        v,
      );
      await rejects(
        await idp.mint({ header: { typ: undefined } }),
        'wrong_type',
        v,
      );
    });
  });

  describe('structure', () => {
    it.each([
      ['two segments', 'a.b'],
      ['four segments', 'a.b.c.d'],
      ['non-base64url header', '!!!.e30.sig'],
      ['non-JSON header', `${b64url('nope')}.${b64url('{}')}.c2ln`],
    ])('rejects %s', async (_label, token) => {
      await rejects(token, 'malformed');
    });

    it('rejects a signed payload that is not a JSON object', async () => {
      await rejects(
        await signRaw(idp.key, '["not","an","object"]'),
        'malformed',
      );
      await rejects(await signRaw(idp.key, 'plain text'), 'malformed');
    });

    it('rejects b64:false (unencoded payload)', async () => {
      const payload = JSON.stringify({
        iss: idp.issuer,
        aud: RESOURCE,
        sub: 'x',
        exp: now() + 60,
      });
      const header = {
        alg: 'RS256',
        kid: idp.key.kid,
        b64: false,
        crit: ['b64'],
      };
      await rejects(await signVerbatim(idp.key, header, payload), 'malformed');
    });

    it('rejects tokens larger than 16 KiB before parsing', async () => {
      await rejects('a'.repeat(16_385), 'too_large');
    });
  });

  describe('JWKS discovery and outages', () => {
    it('discovers jwks_uri from RFC 8414 metadata (path-inserted for an issuer with a path)', async () => {
      const tenant = await startTestIssuer({
        issuerPath: '/tenant-a',
        audience: RESOURCE,
      });
      try {
        const v = new McpTokenVerifier(
          resolveMcpAuthOptions({
            resource: RESOURCE,
            authorizationServers: [{ issuer: tenant.issuer }],
          }),
        );
        expect(
          (await v.verify(await tenant.mint({ subject: 'dave' }))).subject,
        ).toBe('dave');
        expect(tenant.requests).toEqual([
          '/.well-known/oauth-authorization-server/tenant-a',
          '/jwks',
        ]);
      } finally {
        await tenant.close();
      }
    });

    it('refuses metadata whose issuer differs from the configured one (RFC 8414 §3.3)', async () => {
      const tenant = await startTestIssuer({ audience: RESOURCE });
      try {
        const configured = `${tenant.issuer}/`;
        const v = new McpTokenVerifier(
          resolveMcpAuthOptions({
            resource: RESOURCE,
            authorizationServers: [{ issuer: configured }],
          }),
        );
        const error = await v
          .verify(await tenant.mint({ issuer: configured }))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AuthorizationServerUnavailableError);
        expect(tenant.requests).not.toContain('/jwks');
      } finally {
        await tenant.close();
      }
    });

    it('answers AuthorizationServerUnavailableError when the JWKS cannot be reached', async () => {
      const gone = await startTestIssuer({ audience: RESOURCE });
      const token = await gone.mint();
      const v = new McpTokenVerifier(
        resolveMcpAuthOptions({
          resource: RESOURCE,
          authorizationServers: [
            { issuer: gone.issuer, jwksUri: gone.jwksUri },
          ],
        }),
      );
      await gone.close();
      const error = await v.verify(token).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthorizationServerUnavailableError);
      expect(
        (error as AuthorizationServerUnavailableError).retryAfterSeconds,
      ).toBeGreaterThan(0);
    });
  });
});
