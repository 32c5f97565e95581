import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  generateSigningKey,
  mintAccessToken,
  type MintOptions,
  type TestSigningKey,
} from '@nest-mcp/auth/testing';
import type { JWK } from 'jose';
import { captureNestLogs } from '../../../../../test/support/capture-nest-logs.js';
import {
  startControllableJwksServer,
  type ControllableJwksServer,
} from '../../../../../test/support/controllable-jwks-server.js';
import { resolveMcpAuthOptions } from '../../config/resolve-options.js';
import { InvalidTokenError } from '../../errors/mcp-auth.errors.js';
import type { McpAuthOptions } from '../../mcp-auth-options.interface.js';
import { JwksCache } from './jwks-cache.js';
import { McpTokenVerifier } from '../token-verifier.service.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The outcome of a verification: the subject, or the refusal reason. */
const outcome = (promise: Promise<{ subject: string }>) =>
  promise.then(
    (owner) => owner.subject,
    (error: unknown) =>
      error instanceof InvalidTokenError ? error.reason : error,
  );

describe('JwksCache through McpTokenVerifier (RFC 7517 key sets: caching, unknown kid, rotation)', () => {
  const servers: ControllableJwksServer[] = [];
  const logs = captureNestLogs();
  let keyA: TestSigningKey;
  let keyB: TestSigningKey;
  let stranger: TestSigningKey;

  const serve = async (keys: JWK[]) => {
    const server = await startControllableJwksServer(keys);
    servers.push(server);
    return server;
  };
  const verifierFor = (
    server: ControllableJwksServer,
    options: Partial<McpAuthOptions> = {},
  ) =>
    new McpTokenVerifier(
      resolveMcpAuthOptions({
        resource: RESOURCE,
        authorizationServers: [
          { issuer: server.origin, jwksUri: server.jwksUri },
        ],
        ...options,
      }),
    );
  const mint = (
    server: ControllableJwksServer,
    key: TestSigningKey,
    options: Partial<MintOptions> = {},
  ) =>
    mintAccessToken(key, {
      issuer: server.origin,
      audience: RESOURCE,
      ...options,
    });
  const mintMany = (
    n: number,
    make: (i: number) => Promise<string>,
  ): Promise<string[]> =>
    Promise.all(Array.from({ length: n }, (_, i) => make(i)));

  beforeAll(async () => {
    [keyA, keyB, stranger] = await Promise.all([
      generateSigningKey('RS256', 'key-a'),
      generateSigningKey('RS256', 'key-b'),
      generateSigningKey('RS256', 'stranger'),
    ]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('single-flight: 100 concurrent verifications on a cold cache cause exactly one fetch', async () => {
    const server = await serve([keyA.publicJwk]);
    const verifier = verifierFor(server);
    const tokens = await mintMany(100, (i) =>
      mint(server, keyA, { subject: `user-${i}` }),
    );
    const subjects = await Promise.all(
      tokens.map((token) => outcome(verifier.verify(token))),
    );
    expect(subjects).toEqual(tokens.map((_, i) => `user-${i}`));
    expect(server.count()).toBe(1);
  });

  it('unknown kid: one refetch per cooldown, however many tokens; none inside the cooldown', async () => {
    const server = await serve([keyA.publicJwk]);
    const verifier = verifierFor(server, { jwksCooldownSeconds: 1 });
    expect(await outcome(verifier.verify(await mint(server, keyA)))).toBe(
      'user-1',
    );
    expect(server.count()).toBe(1);
    const unknown = (prefix: string, n: number) =>
      mintMany(n, (i) =>
        mint(server, stranger, { header: { kid: `${prefix}-${i}` } }),
      );
    // Minted up front, so that the steps timed against the 1 s cooldown do no signing.
    const [burst, storm, after] = await Promise.all([
      unknown('burst', 100),
      unknown('storm', 300),
      unknown('after', 50),
    ]);
    await sleep(1_100);

    const burstResults = await Promise.all(
      burst.map((token) => outcome(verifier.verify(token))),
    );
    expect(new Set(burstResults)).toEqual(new Set(['unknown_key']));
    expect(server.count()).toBe(2);

    // A storm inside the cooldown: answered at once, no fetch. A JWKS that would take 30 s to
    // answer proves nobody waits on one (the bound leaves a loaded machine 10 s).
    server.setMode({ kind: 'slow', delayMs: 30_000 });
    const started = Date.now();
    const stormResults = await Promise.all(
      storm.map((token) => outcome(verifier.verify(token))),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(new Set(stormResults)).toEqual(new Set(['unknown_key']));
    expect(server.count()).toBe(2);

    server.setMode({ kind: 'ok' });
    await sleep(1_100);
    const afterResults = await Promise.all(
      after.map((token) => outcome(verifier.verify(token))),
    );
    expect(new Set(afterResults)).toEqual(new Set(['unknown_key']));
    expect(server.count()).toBe(3);
  });

  it('rotation: a newly published key is accepted without restart; a removed key is refused after the next refresh', async () => {
    const server = await serve([keyA.publicJwk]);
    const verifier = verifierFor(server, { jwksCooldownSeconds: 1 });
    const tokenA = await mint(server, keyA, { subject: 'a' });
    const tokenB = await mint(server, keyB, { subject: 'b' });
    expect(await outcome(verifier.verify(tokenA))).toBe('a');

    server.publish([keyA.publicJwk, keyB.publicJwk]);
    // Inside the cooldown after the first fetch, the new kid is not looked up yet.
    expect(await outcome(verifier.verify(tokenB))).toBe('unknown_key');
    expect(server.count()).toBe(1);
    await sleep(1_100);
    // The default cache age is 600 s: this refetch is the unknown-kid one. Its answer asks for a
    // 1 s lifetime, so the next refresh comes soon.
    server.setMode({ kind: 'ok', cacheControl: 'max-age=1' });
    expect(await outcome(verifier.verify(tokenB))).toBe('b');
    expect(server.count()).toBe(2);

    server.publish([keyB.publicJwk]);
    expect(await outcome(verifier.verify(tokenA))).toBe('a'); // still fresh
    await sleep(1_100);
    expect(await outcome(verifier.verify(tokenA))).toBe('unknown_key');
    expect(server.count()).toBe(3);
    expect(await outcome(verifier.verify(tokenB))).toBe('b');
    expect(server.count()).toBe(3);
  });

  it('honours Cache-Control max-age (shorter than the configured age)', async () => {
    const server = await serve([keyA.publicJwk]);
    server.setMode({ kind: 'ok', cacheControl: 'public, max-age=1' });
    const verifier = verifierFor(server, { jwksCooldownSeconds: 1 });
    const token = await mint(server, keyA);
    await verifier.verify(token);
    await verifier.verify(token);
    expect(server.count()).toBe(1);
    await sleep(1_100);
    await verifier.verify(token);
    await verifier.verify(token);
    expect(server.count()).toBe(2);
  });

  describe('key selection', () => {
    it('accepts a token without kid, trying each fitting key (at most 4, in JWKS order)', async () => {
      const extra = await Promise.all(
        [1, 2, 3].map((i) => generateSigningKey('RS256', `extra-${i}`)),
      );
      const server = await serve([
        keyA.publicJwk,
        keyB.publicJwk,
        ...extra.map((key) => key.publicJwk),
      ]);
      const verifier = verifierFor(server);
      const noKid = { header: { kid: undefined } };
      expect(
        await outcome(verifier.verify(await mint(server, keyB, noKid))),
      ).toBe('user-1');
      expect(
        await outcome(verifier.verify(await mint(server, extra[1], noKid))),
      ).toBe('user-1');
      // The fifth fitting key is beyond the cap.
      expect(
        await outcome(verifier.verify(await mint(server, extra[2], noKid))),
      ).toBe('bad_signature');
      // Claim failures are not hidden by trying the next key.
      expect(
        await outcome(
          verifier.verify(
            await mint(server, keyA, { ...noKid, audience: 'other' }),
          ),
        ),
      ).toBe('wrong_audience');
      expect(server.count()).toBe(1);
    });

    it.each([
      ['use "enc"', { use: 'enc' }],
      ['another alg', { alg: 'PS256' }],
      ['key_ops without verify', { key_ops: ['encrypt'] }],
    ])('ignores a key with %s', async (_label, patch) => {
      const server = await serve([{ ...keyA.publicJwk, ...patch }]);
      const verifier = verifierFor(server);
      expect(await outcome(verifier.verify(await mint(server, keyA)))).toBe(
        'unknown_key',
      );
    });

    it('never uses a JWKS entry carrying private key material, and says so', async () => {
      const privateJwk = {
        ...(await import('jose').then((jose) =>
          jose.exportJWK(keyA.privateKey),
        )),
        kid: keyA.kid,
        alg: 'RS256',
      };
      const server = await serve([privateJwk, keyB.publicJwk]);
      const verifier = verifierFor(server);
      expect(await outcome(verifier.verify(await mint(server, keyA)))).toBe(
        'unknown_key',
      );
      expect(await outcome(verifier.verify(await mint(server, keyB)))).toBe(
        'user-1',
      );
      expect(
        logs.warnings.some(
          (line) =>
            line.includes(server.origin) &&
            line.includes('ignored 1 entries with private or symmetric'),
        ),
      ).toBe(true);
    });
  });

  describe('timing with a controllable clock (real HTTP)', () => {
    const settings = { timeoutMs: 300, cooldownMs: 30_000, maxAgeMs: 600_000 };
    const header = { alg: 'RS256', kid: 'key-a' };

    it('imports each key once and reuses it across refreshes that keep it', async () => {
      const server = await serve([keyA.publicJwk]);
      let now = 0;
      const cache = new JwksCache(
        server.origin,
        server.jwksUri,
        settings,
        () => now,
      );
      const [first] = await cache.keysFor(header);
      const [again] = await cache.keysFor(header);
      expect(again).toBe(first);
      now = 600_000;
      server.publish([keyA.publicJwk, keyB.publicJwk]);
      const [afterRefresh] = await cache.keysFor(header);
      expect(server.count()).toBe(2);
      expect(afterRefresh).toBe(first);
    });

    it.each([
      ['no Cache-Control: the configured age', undefined, 600_000],
      ['max-age=120', 'max-age=120', 120_000],
      ['a huge max-age, clamped to 24 h', 'max-age=31536000', 86_400_000],
      ['max-age=1, raised to the cooldown', 'max-age=1', 30_000],
      ['no-store, the cooldown', 'no-store, max-age=3600', 30_000],
    ])('lifetime with %s', async (_label, cacheControl, lifetimeMs) => {
      const server = await serve([keyA.publicJwk]);
      server.setMode({ kind: 'ok', cacheControl });
      let now = 1_000;
      const cache = new JwksCache(
        server.origin,
        server.jwksUri,
        settings,
        () => now,
      );
      await cache.keysFor(header);
      now += lifetimeMs - 1;
      await cache.keysFor(header);
      expect(server.count()).toBe(1);
      now += 1;
      await cache.keysFor(header);
      expect(server.count()).toBe(2);
    });
  });
});
