import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  generateSigningKey,
  mintAccessToken,
  type TestSigningKey,
} from '@nest-mcp/auth/testing';
import { jwtVerify, type JWK } from 'jose';
import { captureNestLogs } from '../../../../../test/support/capture-nest-logs.js';
import {
  PATHS,
  startControllableJwksServer,
  type ControllableJwksServer,
  type ServerMode,
} from '../../../../../test/support/controllable-jwks-server.js';
import { resolveMcpAuthOptions } from '../../config/resolve-options.js';
import {
  AuthorizationServerUnavailableError,
  InvalidTokenError,
} from '../../errors/mcp-auth.errors.js';
import type { McpAuthOptions } from '../../mcp-auth-options.interface.js';
import { McpTokenVerifier } from '../token-verifier.service.js';
import { TrustedIssuer } from './trusted-issuer.js';
import { waitUntil } from '../../../../../test/support/wait-until.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
/**
 * The fetch timeout of the cases that wait for it: short enough to keep them quick, long enough
 * that on a loaded machine the request reaches the test server before it is abandoned (each case
 * counts it).
 */
const TIMEOUT_MS = 3_000;
/** The fetch timeout of every other case: far more than a loaded machine needs on loopback. */
const AMPLE_MS = 30_000;
/** How long a `slow` server takes to answer: far beyond any bound asserted here. */
const SLOW_MS = 60_000;
/**
 * Allowance over the timeout for a loaded 2-core machine. A lookup settled within
 * TIMEOUT_MS + MARGIN_MS was cut by the timeout, not by the server's answer (SLOW_MS away).
 */
const MARGIN_MS = 12_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const settle = (promise: Promise<unknown>) =>
  promise.then(
    () => 'verified',
    (error: unknown) => error,
  );

describe('JWKS faults (timeout, no redirects, size cap, stale-if-error, 503 per RFC 9110 §15.6.4)', () => {
  const servers: ControllableJwksServer[] = [];
  const logs = captureNestLogs();
  let keyA: TestSigningKey;
  let keyB: TestSigningKey;

  const serve = async (keys: JWK[]) => {
    const server = await startControllableJwksServer(keys);
    servers.push(server);
    return server;
  };
  const verifierFor = (
    server: ControllableJwksServer,
    options: Partial<McpAuthOptions> = {},
    { discover = false } = {},
  ) =>
    new McpTokenVerifier(
      resolveMcpAuthOptions({
        resource: RESOURCE,
        authorizationServers: [
          {
            issuer: server.origin,
            jwksUri: discover ? undefined : server.jwksUri,
          },
        ],
        jwksTimeoutMs: AMPLE_MS,
        ...options,
      }),
    );
  const mint = (server: ControllableJwksServer, key: TestSigningKey) =>
    mintAccessToken(key, { issuer: server.origin, audience: RESOURCE });
  /** Verifies once and returns the error and how long it took. */
  const timed = async (verifier: McpTokenVerifier, token: string) => {
    const started = Date.now();
    const error = await settle(verifier.verify(token));
    return { error, elapsedMs: Date.now() - started };
  };
  const warningsAbout = (server: ControllableJwksServer) =>
    logs.warnings.filter((line) => line.includes(server.origin));

  beforeAll(async () => {
    [keyA, keyB] = await Promise.all([
      generateSigningKey('RS256', 'key-a'),
      generateSigningKey('RS256', 'key-b'),
    ]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  describe('with no cached key: AuthorizationServerUnavailableError within the timeout', () => {
    it.each<[string, ServerMode, string]>([
      ['a slow server', { kind: 'slow', delayMs: SLOW_MS }, 'timed out'],
      ['HTTP 500', { kind: 'status', status: 500 }, 'HTTP 500'],
      ['HTTP 404', { kind: 'status', status: 404 }, 'HTTP 404'],
      ['garbage JSON', { kind: 'garbage' }, 'invalid JSON'],
      [
        'JSON that is no JWK Set',
        { kind: 'json', body: { keys: 'none' } },
        'not a JWK Set',
      ],
      [
        'a JSON array',
        { kind: 'json', body: [{ kty: 'RSA' }] },
        'not a JWK Set',
      ],
      [
        'a trickling endless body',
        { kind: 'trickle', chunkBytes: 512, everyMs: 20 },
        'timed out',
      ],
    ])('%s', async (_label, mode, reason) => {
      const server = await serve([keyA.publicJwk]);
      server.setMode(mode);
      const token = await mint(server, keyA);
      const { error, elapsedMs } = await timed(
        verifierFor(server, {
          jwksTimeoutMs: reason === 'timed out' ? TIMEOUT_MS : AMPLE_MS,
        }),
        token,
      );
      expect(error).toBeInstanceOf(AuthorizationServerUnavailableError);
      expect(
        (error as AuthorizationServerUnavailableError).retryAfterSeconds,
      ).toBe(30);
      if (reason === 'timed out') {
        expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
        expect(elapsedMs).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      }
      const [warning, ...more] = warningsAbout(server);
      expect(more).toEqual([]);
      expect(warning).toContain(`issuer ${server.origin}`);
      expect(warning).toContain(server.jwksUri);
      expect(warning).toContain(reason);
      expect(warning).not.toContain(token);
      expect(server.count()).toBe(1);
    });

    it('an endless body: stops reading at the size cap, long before the timeout', async () => {
      const server = await serve([keyA.publicJwk]);
      server.setMode({ kind: 'huge' });
      const verifier = verifierFor(server, { jwksTimeoutMs: SLOW_MS });
      const { error, elapsedMs } = await timed(
        verifier,
        await mint(server, keyA),
      );
      expect(error).toBeInstanceOf(AuthorizationServerUnavailableError);
      expect(elapsedMs).toBeLessThan(SLOW_MS);
      expect(warningsAbout(server)[0]).toContain(
        'body larger than 262144 bytes',
      );
      await waitUntil(
        () => server.lastStream.clientClosed,
        'the server sees the client hang up',
      );
      expect(server.lastStream.bytes).toBeLessThan(32 * 1024 * 1024);
    });

    it('a redirect: not followed (the target gets no request)', async () => {
      const server = await serve([keyA.publicJwk]);
      server.setMode({ kind: 'redirect', location: PATHS.movedJwks });
      const { error } = await timed(
        verifierFor(server),
        await mint(server, keyA),
      );
      expect(error).toBeInstanceOf(AuthorizationServerUnavailableError);
      expect(server.count(PATHS.movedJwks)).toBe(0);
      expect(warningsAbout(server)[0]).toContain(
        'redirect (HTTP 302) not followed',
      );
    });

    it('connection refused; backs off, then recovers by itself when the server is back', async () => {
      const server = await serve([keyA.publicJwk]);
      const verifier = verifierFor(server, { jwksCooldownSeconds: 1 });
      const token = await mint(server, keyA);
      await server.down();
      const { error, elapsedMs } = await timed(verifier, token);
      expect(error).toBeInstanceOf(AuthorizationServerUnavailableError);
      expect(
        (error as AuthorizationServerUnavailableError).retryAfterSeconds,
      ).toBe(1);
      expect(elapsedMs).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      expect(warningsAbout(server)[0]).toContain('connection refused');

      await server.up();
      // Inside the backoff: answered at once, no request.
      expect(await settle(verifier.verify(token))).toBeInstanceOf(
        AuthorizationServerUnavailableError,
      );
      expect(server.count()).toBe(0);
      await sleep(1_100);
      expect(await settle(verifier.verify(token))).toBe('verified');
      expect(server.count()).toBe(1);
    });
  });

  describe('stale-if-error', () => {
    it('keeps verifying with cached keys while the JWKS fails, then picks up a rotated key', async () => {
      const server = await serve([keyA.publicJwk]);
      const verifier = verifierFor(server, {
        jwksCooldownSeconds: 1,
        jwksCacheMaxAgeSeconds: 1,
      });
      const tokenA = await mint(server, keyA);
      expect(await settle(verifier.verify(tokenA))).toBe('verified');
      server.setMode({ kind: 'status', status: 500 });
      await sleep(1_100);
      for (let i = 0; i < 20; i += 1) {
        expect(await settle(verifier.verify(tokenA))).toBe('verified');
      }
      expect(server.count()).toBe(2); // one failed refresh, then backoff
      expect(warningsAbout(server)[0]).toContain('still using the cached keys');

      server.setMode({ kind: 'ok' });
      server.publish([keyB.publicJwk]);
      await sleep(1_100);
      expect(await settle(verifier.verify(await mint(server, keyB)))).toBe(
        'verified',
      );
      expect(server.count()).toBe(3);
      const refused = await settle(verifier.verify(tokenA));
      expect((refused as InvalidTokenError).reason).toBe('unknown_key');
    });

    it('backs off exponentially from the cooldown, capped at 5 min (defaults, controllable clock)', async () => {
      const server = await serve([keyA.publicJwk]);
      let now = 0;
      const issuer = new TrustedIssuer(
        {
          issuer: server.origin,
          jwksUri: server.jwksUri,
          audiences: [RESOURCE],
          algorithms: ['RS256'],
          dpop: undefined,
        },
        {
          allowInsecureHttp: false,
          timeoutMs: AMPLE_MS,
          cooldownMs: 30_000,
          maxAgeMs: 600_000,
        },
        () => now,
      );
      const verify = (token: string) =>
        settle(
          jwtVerify(token, issuer.getKey, {
            issuer: server.origin,
            audience: RESOURCE,
          }),
        );
      const tokenA = await mint(server, keyA);
      expect(await verify(tokenA)).toBe('verified');

      server.setMode({ kind: 'status', status: 500 });
      const attemptsAt: number[] = [];
      for (now = 600_000; now <= 1_800_000; now += 1_000) {
        const before = server.count();
        expect(await verify(tokenA)).toBe('verified');
        if (server.count() > before) attemptsAt.push(now / 1000);
      }
      // Failed at 600 s; then waits 30, 60, 120, 240, 300, 300 s.
      expect(attemptsAt).toEqual([600, 630, 690, 810, 1050, 1350, 1650]);

      // An unknown kid while failing: 503 until the next attempt, with no fetch.
      server.setMode({ kind: 'ok' });
      server.publish([keyB.publicJwk]);
      const tokenB = await mint(server, keyB);
      const during = await verify(tokenB);
      expect(during).toBeInstanceOf(AuthorizationServerUnavailableError);
      expect(
        (during as AuthorizationServerUnavailableError).retryAfterSeconds,
      ).toBe(1950 - 1801);
      expect(server.count()).toBe(8);
      now = 1_950_000;
      expect(await verify(tokenB)).toBe('verified');
      expect(server.count()).toBe(9);
      expect(((await verify(tokenA)) as InvalidTokenError).reason).toBe(
        'unknown_key',
      );
    });
  });

  describe('discovery uses the same bounded fetch', () => {
    it('does not follow a redirecting metadata endpoint', async () => {
      const server = await serve([keyA.publicJwk]);
      const redirect: ServerMode = {
        kind: 'redirect',
        location: PATHS.movedMetadata,
      };
      server.setMode(redirect, PATHS.rfc8414);
      server.setMode(redirect, PATHS.openid);
      const verifier = verifierFor(server, {}, { discover: true });
      const error = await settle(verifier.verify(await mint(server, keyA)));
      expect(error).toBeInstanceOf(AuthorizationServerUnavailableError);
      expect(server.count(PATHS.movedMetadata)).toBe(0);
      expect(server.count(PATHS.jwks)).toBe(0);
      expect(warningsAbout(server)[0]).toContain('metadata discovery failed');
      expect(warningsAbout(server)[0]).toContain(
        'redirect (HTTP 302) not followed',
      );
    });

    it('bounds the whole lookup by the timeout, and caps the document size', async () => {
      const slow = await serve([keyA.publicJwk]);
      slow.setMode({ kind: 'slow', delayMs: SLOW_MS }, PATHS.rfc8414);
      slow.setMode({ kind: 'slow', delayMs: SLOW_MS }, PATHS.openid);
      const { error, elapsedMs } = await timed(
        verifierFor(slow, { jwksTimeoutMs: TIMEOUT_MS }, { discover: true }),
        await mint(slow, keyA),
      );
      expect(error).toBeInstanceOf(AuthorizationServerUnavailableError);
      expect(elapsedMs).toBeLessThan(TIMEOUT_MS + MARGIN_MS);

      const huge = await serve([keyA.publicJwk]);
      huge.setMode({ kind: 'huge' }, PATHS.rfc8414);
      huge.setMode({ kind: 'huge' }, PATHS.openid);
      const big = await timed(
        verifierFor(huge, { jwksTimeoutMs: SLOW_MS }, { discover: true }),
        await mint(huge, keyA),
      );
      expect(big.error).toBeInstanceOf(AuthorizationServerUnavailableError);
      expect(big.elapsedMs).toBeLessThan(SLOW_MS);
      expect(warningsAbout(huge)[0]).toContain('body larger than 524288 bytes');
    });

    it('finds the JWKS through metadata when everything is in order', async () => {
      const server = await serve([keyA.publicJwk]);
      const verifier = verifierFor(server, {}, { discover: true });
      expect(await settle(verifier.verify(await mint(server, keyA)))).toBe(
        'verified',
      );
      expect(server.requests).toEqual([PATHS.rfc8414, PATHS.jwks]);
    });
  });
});
