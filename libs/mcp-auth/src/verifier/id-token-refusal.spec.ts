import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { resolveMcpAuthOptions } from '../config/resolve-options.js';
import { InvalidTokenError } from '../errors/mcp-auth.errors.js';
import type { McpAuthOptions } from '../mcp-auth-options.interface.js';
import { McpTokenVerifier } from './token-verifier.service.js';
import { ACCESS_TOKEN_SHAPES } from '../../../../test/support/idp-token-shapes.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const now = () => Math.floor(Date.now() / 1000);

describe('ID tokens presented as access tokens (RFC 8725 §3.11, RFC 9068 §4)', () => {
  let idp: TestIssuer;
  let verifier: McpTokenVerifier;

  const make = (
    overrides: Partial<McpAuthOptions> = {},
    server: Record<string, unknown> = {},
  ) =>
    new McpTokenVerifier(
      resolveMcpAuthOptions({
        resource: RESOURCE,
        authorizationServers: [
          { issuer: idp.issuer, jwksUri: idp.jwksUri, ...server },
        ],
        ...overrides,
      }),
    );
  const reasonOf = (token: string, v = verifier) =>
    v.verify(token).then(
      () => 'accepted',
      (e: unknown) =>
        e instanceof InvalidTokenError ? e.reason : `threw ${String(e)}`,
    );
  /** An ID token as OpenID Connect Core §2 shapes it, with the resource among its audiences. */
  const idToken = (claims: Record<string, unknown>, typ?: string) =>
    idp.mint({
      audience: ['mcp-client', RESOURCE],
      header: { typ },
      claims: { client_id: undefined, azp: 'mcp-client', ...claims },
    });

  beforeAll(async () => {
    idp = await startTestIssuer({ audience: RESOURCE });
    verifier = make();
  });
  afterAll(() => idp.close());

  it.each([
    ['nonce', { nonce: 'n-0S6_WzA2Mj' }],
    ['at_hash', { at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q' }],
    ['c_hash', { c_hash: 'LDktKdoQak3Pk0cnXxCltA' }],
    ['s_hash', { s_hash: 'Ft5UsnRXUSNGzpQtcLF4Jw' }],
    ['Keycloak typ "ID"', { typ: 'ID' }],
  ])(
    'refuses a token carrying %s alone, typed JWT or untyped',
    async (_name, claims) => {
      expect(await reasonOf(await idToken(claims, 'JWT'))).toBe('id_token');
      expect(await reasonOf(await idToken(claims))).toBe('id_token');
    },
  );

  it('accepts the same claims without the marker (the refusal is the marker alone)', async () => {
    expect(await reasonOf(await idToken({}, 'JWT'))).toBe('accepted');
  });

  it('leaves an at+jwt token alone: RFC 9068 §2.1 types it as an access token', async () => {
    expect(
      await reasonOf(await idToken({ nonce: 'n', typ: 'ID' }, 'at+jwt')),
    ).toBe('accepted');
  });

  it('turns off globally (refuseIdTokens: false) and per issuer', async () => {
    const token = await idToken({ nonce: 'n', at_hash: 'h' }, 'JWT');
    expect(await reasonOf(token, make({ refuseIdTokens: false }))).toBe(
      'accepted',
    );
    expect(await reasonOf(token, make({}, { refuseIdTokens: false }))).toBe(
      'accepted',
    );
    // The issuer's own setting wins over the module's.
    expect(
      await reasonOf(
        token,
        make({ refuseIdTokens: false }, { refuseIdTokens: true }),
      ),
    ).toBe('id_token');
  });

  it.each(ACCESS_TOKEN_SHAPES.map((shape) => [shape.provider, shape] as const))(
    'accepts an access token shaped as %s issues it',
    async (_provider, shape) => {
      const token = await idp.mint({
        header: { typ: shape.typ },
        claims: { nbf: now(), ...shape.claims },
      });
      expect(await reasonOf(token)).toBe('accepted');
    },
  );
});
