import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  createDpopProof,
  generateDpopKey,
  generateSigningKey,
  mintAccessToken,
  type DpopKey,
  type DpopProofOptions,
} from '@nest-mcp/auth/testing';
import { exportJWK, generateKeyPair } from 'jose';
import { b64url } from '../../../../test/support/raw-jws.js';
import { InMemoryDpopReplayStore } from './in-memory-dpop-replay-store.js';
import { verifyDpopProof, type DpopProofRules } from './dpop-proof.js';
import {
  InvalidDpopProofError,
  type InvalidDpopProofReason,
} from './invalid-dpop-proof.error.js';

const URL_ = 'https://mcp.example.com/mcp';
const BODY = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}';
const ALGS = ['ES256', 'EdDSA', 'RS256', 'PS256'];

describe('verifyDpopProof (RFC 9449 §4.3, §7.1; MCP DPoP profile content_digest)', () => {
  let key: DpopKey;
  let other: DpopKey;
  let token: string;

  beforeAll(async () => {
    [key, other] = await Promise.all([
      generateDpopKey('ES256'),
      generateDpopKey('ES256'),
    ]);
    token = await mintAccessToken(await generateSigningKey('ES256'), {
      issuer: 'https://as.example.com',
      audience: URL_,
      claims: { cnf: { jkt: key.jkt } },
    });
  });

  const rules = (patch: Partial<DpopProofRules> = {}): DpopProofRules => ({
    algorithms: ALGS,
    iatWindowSeconds: 300,
    requireContentDigest: false,
    replay: new InMemoryDpopReplayStore({
      maxEntries: 1000,
      maxPerKey: 1000,
      maxPerIdentity: 1000,
    }),
    ...patch,
  });
  const proof = (patch: Partial<DpopProofOptions> = {}) =>
    createDpopProof({
      key,
      method: 'POST',
      url: URL_,
      accessToken: token,
      body: BODY,
      ...patch,
    });
  const outcome = async (
    proofText: string,
    patch: Partial<Parameters<typeof verifyDpopProof>[0]> = {},
    ruleSet: DpopProofRules = rules(),
  ): Promise<'ok' | InvalidDpopProofReason> => {
    try {
      await verifyDpopProof(
        {
          proof: proofText,
          method: 'POST',
          url: URL_,
          accessToken: token,
          jkt: key.jkt,
          issuer: 'https://as.example.com',
          subject: 'user-1',
          body: new TextEncoder().encode(BODY),
          ...patch,
        },
        ruleSet,
      );
      return 'ok';
    } catch (error) {
      if (!(error instanceof InvalidDpopProofError)) throw error;
      return error.reason;
    }
  };

  it('accepts a proof bound to the token, the key, the method, the URL and the body', async () => {
    expect(await outcome(await proof())).toBe('ok');
  });

  it.each(ALGS)('accepts a proof signed with %s', async (alg) => {
    const algKey = await generateDpopKey(alg);
    const proofText = await proof({ key: algKey });
    expect(await outcome(proofText, { jkt: algKey.jkt })).toBe('ok');
  });

  it('accepts a digest-less proof by default, and refuses it when the digest is required', async () => {
    expect(await outcome(await proof({ body: undefined }))).toBe('ok');
    expect(
      await outcome(
        await proof({ body: undefined }),
        {},
        rules({ requireContentDigest: true }),
      ),
    ).toBe('missing_content_digest');
  });

  it.each<[string, Partial<DpopProofOptions>, InvalidDpopProofReason]>([
    [
      'another body',
      { body: '{"jsonrpc":"2.0","id":1,"method":"x"}' },
      'wrong_content_digest',
    ],
    [
      'a digest in another form',
      { claims: { content_digest: 'sha-256=abc' } },
      'wrong_content_digest',
    ],
    ['another key', { key: undefined }, 'wrong_key'],
    ['another method', { method: 'GET' }, 'wrong_method'],
    ['another URL', { url: 'https://mcp.example.com/other' }, 'wrong_url'],
    ['another host', { url: 'https://evil.example.com/mcp' }, 'wrong_url'],
    [
      'http instead of https',
      { url: 'http://mcp.example.com/mcp' },
      'wrong_url',
    ],
    ['an iat 301 s old', { iatOffsetSeconds: -301 }, 'stale'],
    ['an iat 301 s ahead', { iatOffsetSeconds: 301 }, 'issued_in_future'],
    [
      'a hash of another token',
      { accessToken: 'another-token' },
      'wrong_token_hash',
    ],
    ['no ath', { claims: { ath: undefined } }, 'wrong_token_hash'],
    ['no jti', { claims: { jti: undefined } }, 'missing_claims'],
    ['an empty jti', { claims: { jti: '' } }, 'missing_claims'],
    ['no htm', { claims: { htm: undefined } }, 'missing_claims'],
    [
      'a numeric iat as text',
      { claims: { iat: String(Math.floor(Date.now() / 1000)) } },
      'missing_claims',
    ],
    ['typ JWT', { header: { typ: 'JWT' } }, 'wrong_type'],
    ['no typ', { header: { typ: undefined } }, 'wrong_type'],
    ['no jwk', { header: { jwk: undefined } }, 'bad_key'],
  ])('refuses a proof with %s', async (_label, patch, reason) => {
    const options =
      'key' in patch && patch.key === undefined
        ? { ...patch, key: other }
        : patch;
    expect(await outcome(await proof(options))).toBe(reason);
  });

  it('accepts the URL in another spelling of the same URI, and ignores query and fragment (RFC 9449 §4.3)', async () => {
    for (const htu of [
      'HTTPS://MCP.example.com/mcp',
      'https://mcp.example.com:443/mcp',
      'https://mcp.example.com/mcp?x=1#f',
    ]) {
      expect(await outcome(await proof({ claims: { htu } }))).toBe('ok');
    }
  });

  it('accepts an iat at the edge of the window, either way', async () => {
    expect(await outcome(await proof({ iatOffsetSeconds: -295 }))).toBe('ok');
    expect(await outcome(await proof({ iatOffsetSeconds: 295 }))).toBe('ok');
  });

  it('refuses alg none, HS256 and an algorithm outside the allowlist', async () => {
    const claims = {
      jti: 'j',
      htm: 'POST',
      htu: URL_,
      iat: Math.floor(Date.now() / 1000),
    };
    const unsigned = `${b64url(JSON.stringify({ typ: 'dpop+jwt', alg: 'none', jwk: key.publicJwk }))}.${b64url(JSON.stringify(claims))}.`;
    expect(await outcome(unsigned)).toBe('algorithm_not_allowed');
    const hs = `${b64url(JSON.stringify({ typ: 'dpop+jwt', alg: 'HS256', jwk: key.publicJwk }))}.${b64url(JSON.stringify(claims))}.c2ln`;
    expect(await outcome(hs)).toBe('algorithm_not_allowed');
    expect(
      await outcome(await proof(), {}, rules({ algorithms: ['RS256'] })),
    ).toBe('algorithm_not_allowed');
  });

  it('refuses a jwk with private key members, and a symmetric jwk', async () => {
    const { privateKey } = await generateKeyPair('ES256', {
      extractable: true,
    });
    const privateJwk = await exportJWK(privateKey);
    expect(await outcome(await proof({ header: { jwk: privateJwk } }))).toBe(
      'bad_key',
    );
    expect(
      await outcome(
        await proof({ header: { jwk: { kty: 'oct', k: 'c2VjcmV0' } } }),
      ),
    ).toBe('bad_key');
  });

  it('refuses a proof whose signature is not by its jwk', async () => {
    const signedByOther = await proof({ header: { jwk: other.publicJwk } });
    expect(await outcome(signedByOther, { jkt: other.jkt })).toBe(
      'bad_signature',
    );
  });

  it('refuses a proof with a digest when the body bytes are not available, never passing it unchecked', async () => {
    expect(await outcome(await proof(), { body: undefined })).toBe(
      'body_unavailable',
    );
    expect(
      await outcome(await proof({ body: undefined }), { body: undefined }),
    ).toBe('ok');
  });

  it('refuses a proof with crit or b64 in its header (no extension is understood)', async () => {
    const claims = b64url(JSON.stringify({ jti: 'j', htm: 'POST', htu: URL_ }));
    for (const extra of [{ crit: ['x'], x: 1 }, { b64: false }]) {
      const header = {
        typ: 'dpop+jwt',
        alg: 'ES256',
        jwk: key.publicJwk,
        ...extra,
      };
      expect(
        await outcome(`${b64url(JSON.stringify(header))}.${claims}.c2ln`),
      ).toBe('malformed');
    }
  });

  it('imports a key once per proof header, and still checks each proof against it', async () => {
    const shared = rules();
    expect(await outcome(await proof(), {}, shared)).toBe('ok');
    expect(await outcome(await proof(), {}, shared)).toBe('ok');
    expect(
      await outcome(await proof({ claims: { htm: 'GET' } }), {}, shared),
    ).toBe('wrong_method');
    const signedByOther = await proof({ header: { jwk: other.publicJwk } });
    expect(await outcome(signedByOther, { jkt: other.jkt }, shared)).toBe(
      'bad_signature',
    );
  });

  it('refuses a malformed proof', async () => {
    expect(await outcome('not-a-jwt')).toBe('malformed');
    expect(await outcome('')).toBe('malformed');
  });

  it('refuses a replayed proof (the same jti within the window), on the same or another body', async () => {
    const shared = rules();
    const once = await proof({ body: undefined });
    expect(await outcome(once, {}, shared)).toBe('ok');
    expect(await outcome(once, {}, shared)).toBe('replayed');
    expect(
      await outcome(once, { body: new TextEncoder().encode('{}') }, shared),
    ).toBe('replayed');
  });

  it('asks for the server nonce when one is required (RFC 9449 §9)', async () => {
    const withNonce = rules({ acceptsNonce: (nonce) => nonce === 'n-1' });
    expect(await outcome(await proof(), {}, withNonce)).toBe('nonce_required');
    expect(await outcome(await proof({ nonce: 'n-0' }), {}, withNonce)).toBe(
      'nonce_required',
    );
    expect(await outcome(await proof({ nonce: 'n-1' }), {}, withNonce)).toBe(
      'ok',
    );
  });
});
