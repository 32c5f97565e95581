import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  generateSigningKey,
  startTestIssuer,
  type TestIssuer,
} from '@nest-mcp/auth/testing';
import { decodeJwt } from 'jose';
import { resolveMcpAuthOptions } from '../config/resolve-options.js';
import { InvalidTokenError } from '../errors/mcp-auth.errors.js';
import { ImportedJwk } from './keys/imported-jwk.js';
import type { ResourceOwner } from './resource-owner.interface.js';
import { McpTokenVerifier } from './token-verifier.service.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const NOW = 1_900_000_000_000;
const ownerFor = (
  token: string,
  overrides: Partial<ResourceOwner> = {},
): ResourceOwner => ({
  subject: 'alice',
  issuer: 'https://idp.example',
  clientId: 'c',
  scopes: ['a'],
  audience: [RESOURCE],
  expiresAt: NOW / 1000 + 3600,
  claims: { sub: 'alice', iat: NOW / 1000 },
  token,
  ...overrides,
});

describe('VerifiedTokenCache', () => {
  let key: Awaited<ReturnType<ImportedJwk['keyFor']>>;
  let imported: ImportedJwk;

  beforeAll(async () => {
    const signing = await generateSigningKey('RS256');
    imported = new ImportedJwk(signing.publicJwk, () => undefined);
    key = await imported.keyFor('RS256');
  });

  const cache = (
    max = 100,
    ttlMs = 300_000,
    toleranceMs = 0,
    maxAgeMs?: number,
  ) => new VerifiedTokenCache(max, ttlMs, toleranceMs, maxAgeMs);

  it('returns the owner with the presented token, but keeps only a hash of it', () => {
    const c = cache();
    c.set(c.digestOf('token-1'), ownerFor('token-1'), key!, NOW);
    expect(c.get(c.digestOf('token-1'), 'token-1', NOW + 1)).toEqual(
      ownerFor('token-1'),
    );
    expect(c.get(c.digestOf('token-2'), 'token-2', NOW + 1)).toBeUndefined();
    const stored = JSON.stringify([
      ...(c as unknown as { entries: Map<string, unknown> }).entries,
    ]);
    expect(stored).not.toContain('token-1');
  });

  it('stays within its bound, evicting entries not used lately first (100,000 tokens into 1,000 slots)', () => {
    const c = cache(1_000);
    c.set(c.digestOf('keep-me'), ownerFor('keep-me'), key!, NOW);
    for (let i = 0; i < 100_000; i += 1) {
      c.set(c.digestOf(`t${i}`), ownerFor(`t${i}`), key!, NOW);
      if (i % 500 === 0) c.get(c.digestOf('keep-me'), 'keep-me', NOW);
    }
    expect(c.size).toBe(1_000);
    expect(c.get(c.digestOf('keep-me'), 'keep-me', NOW)).toBeDefined();
    expect(c.get(c.digestOf('t0'), 't0', NOW)).toBeUndefined();
  });

  it('never serves an entry past exp plus the tolerance', () => {
    const c = cache(10, 300_000, 5_000);
    c.set(
      c.digestOf('t'),
      ownerFor('t', { expiresAt: NOW / 1000 + 10 }),
      key!,
      NOW,
    );
    expect(c.get(c.digestOf('t'), 't', NOW + 14_999)).toBeDefined();
    expect(c.get(c.digestOf('t'), 't', NOW + 15_000)).toBeUndefined();
  });

  it('never serves an entry past its TTL', () => {
    const c = cache(10, 1_000);
    c.set(c.digestOf('t'), ownerFor('t'), key!, NOW);
    expect(c.get(c.digestOf('t'), 't', NOW + 999)).toBeDefined();
    expect(c.get(c.digestOf('t'), 't', NOW + 1_000)).toBeUndefined();
  });

  it('never serves an entry past iat plus the maximum token age', () => {
    const c = cache(10, 300_000, 0, 60_000);
    c.set(c.digestOf('t'), ownerFor('t'), key!, NOW);
    expect(c.get(c.digestOf('t'), 't', NOW + 59_999)).toBeDefined();
    expect(c.get(c.digestOf('t'), 't', NOW + 60_000)).toBeUndefined();
  });

  it('drops an entry once its signing key is retired from the JWKS', async () => {
    const signing = await generateSigningKey('RS256');
    const leaving = new ImportedJwk(signing.publicJwk, () => undefined);
    const leavingKey = await leaving.keyFor('RS256');
    const c = cache();
    c.set(c.digestOf('t'), ownerFor('t'), leavingKey!, NOW);
    expect(c.get(c.digestOf('t'), 't', NOW)).toBeDefined();
    leaving.retired = true;
    expect(c.get(c.digestOf('t'), 't', NOW)).toBeUndefined();
  });

  it('keeps nothing verified by a key it cannot tie to a published JWK', async () => {
    const signing = await generateSigningKey('RS256');
    const c = cache();
    c.set(c.digestOf('t'), ownerFor('t'), signing.publicKey, NOW);
    expect(c.size).toBe(0);
    expect(c.get(c.digestOf('t'), 't', NOW)).toBeUndefined();
  });
});

describe('McpTokenVerifier with the verified-token cache', () => {
  let idp: TestIssuer;
  beforeAll(async () => {
    idp = await startTestIssuer({ audience: RESOURCE });
  });
  afterAll(() => idp.close());

  const verifier = (extra = {}) =>
    new McpTokenVerifier(
      resolveMcpAuthOptions({ ...idp.authOptions(RESOURCE), ...extra }),
    );
  const cacheOf = (v: McpTokenVerifier) =>
    (v as unknown as { cache?: VerifiedTokenCache }).cache;

  it('serves a repeated token from the cache with the same identity', async () => {
    const v = verifier();
    const token = await idp.mint({ subject: 'carol', scope: 'a b' });
    const first = await v.verify(token);
    const second = await v.verify(token);
    expect(second).toEqual(first);
    expect(cacheOf(v)?.size).toBe(1);
  });

  it('answers cached() synchronously for a token it verified, and only for that token', async () => {
    const v = verifier();
    const token = await idp.mint({ subject: 'dave' });
    expect(v.cached(token)).toBeUndefined();
    await v.verify(token);
    expect(v.cached(token)).toMatchObject({ subject: 'dave', token });
    expect(v.cached(await idp.mint({ subject: 'dave' }))).toBeUndefined();
  });

  it('ownerOf() answers a cached token at once and hashes a new token only once', async () => {
    const v = verifier();
    const cache = cacheOf(v)!;
    const digests = jest.spyOn(cache, 'digestOf');
    const token = await idp.mint({ subject: 'frank' });
    const first = v.ownerOf(token);
    expect(first).toBeInstanceOf(Promise);
    expect((await first).subject).toBe('frank');
    expect(digests).toHaveBeenCalledTimes(1);
    const again = v.ownerOf(token);
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toMatchObject({ subject: 'frank', token });
    expect(digests).toHaveBeenCalledTimes(2);
  });

  it('can be turned off with tokenCacheSize: 0', async () => {
    const v = verifier({ tokenCacheSize: 0 });
    await v.verify(await idp.mint());
    expect(cacheOf(v)).toBeUndefined();
  });

  it('still rejects a cached token once it expires (time checks on every use)', async () => {
    const v = verifier({ clockToleranceSeconds: 0 });
    // 3 s of life (at least 2 s after rounding): the first use has room on a loaded machine.
    const token = await idp.mint({ expiresIn: 3 });
    await v.verify(token);
    const { exp } = decodeJwt(token);
    await new Promise((resolve) =>
      setTimeout(resolve, exp! * 1000 - Date.now() + 50),
    );
    const error = await v.verify(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as InvalidTokenError).reason).toBe('expired');
  });

  it('stops accepting a cached token once its key leaves the JWKS', async () => {
    const v = verifier({ jwksCooldownSeconds: 1 });
    const old = await idp.mint({ subject: 'dave' });
    expect((await v.verify(old)).subject).toBe('dave');
    await idp.rotate();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // A token of the new key makes the verifier refetch the JWKS, which no longer has the old key.
    expect((await v.verify(await idp.mint({ subject: 'erin' }))).subject).toBe(
      'erin',
    );
    const error = await v.verify(old).catch((e: unknown) => e);
    expect((error as InvalidTokenError).reason).toBe('unknown_key');
  });
});
