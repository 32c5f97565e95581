import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import fc from 'fast-check';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { listenSample } from './support/listen.js';
import { toolsCall } from './support/mcp-client.js';
import { rawRequest, type RawResponse } from './support/raw-request.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const METADATA_URL =
  'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp';
const B64URL =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** A challenge: `Bearer` then quoted auth-params, printable ASCII only (RFC 6750 §3). */
const CHALLENGE =
  /^Bearer [a-z_]+="(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*"(?:, [a-z_]+="(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*")*$/;
/** Cases per property in all (`FUZZ_RUNS`), shared out between the platforms. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const RUNS_PER_PLATFORM = Math.ceil(RUNS / HTTP_ADAPTERS.length);

/** One edit of a token string. */
type Mutation =
  | { kind: 'replace'; at: number; char: string }
  | { kind: 'insert'; at: number; char: string }
  | { kind: 'delete'; at: number }
  | { kind: 'swap-segments'; a: number; b: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'replace-last'; char: string };

function mutate(token: string, mutation: Mutation): string {
  const at = 'at' in mutation ? mutation.at % (token.length + 1) : 0;
  switch (mutation.kind) {
    case 'replace':
      return token.slice(0, at) + mutation.char + token.slice(at + 1);
    case 'insert':
      return token.slice(0, at) + mutation.char + token.slice(at);
    case 'delete':
      return token.slice(0, at) + token.slice(at + 1);
    case 'truncate':
      return token.slice(0, at);
    case 'replace-last':
      // The last base64url character of the signature carries unused bits: a lenient decoder
      // would accept several spellings of the same signature.
      return token.slice(0, -1) + mutation.char;
    case 'swap-segments': {
      const parts = token.split('.');
      [parts[mutation.a % 3], parts[mutation.b % 3]] = [
        parts[mutation.b % 3],
        parts[mutation.a % 3],
      ];
      return parts.join('.');
    }
  }
}

const char = fc.constantFrom(...`${B64URL}.=+/ ~"\\`);
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), char }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), char }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('swap-segments' as const),
    a: fc.nat(2),
    b: fc.nat(2),
  }),
  fc.record({
    kind: fc.constant('replace-last' as const),
    char: fc.constantFrom(...B64URL),
  }),
);

describe.each(HTTP_ADAPTERS)(
  'property-based fuzzing of the /mcp endpoint on %s (fast-check)',
  (adapter) => {
    let idp: TestIssuer;
    let app: INestApplication;
    let url: string;
    let valid: string[];
    const saved = { ...process.env };

    const post = (authorization: string): Promise<RawResponse> =>
      rawRequest(url, {
        path: '/mcp',
        headerLines: [
          'Content-Type: application/json',
          'Accept: application/json, text/event-stream',
          `Authorization: ${authorization}`,
        ],
        body: toolsCall('whoami'),
      });
    const challengeOf = (response: RawResponse) =>
      response.headers
        .filter(([name]) => name === 'www-authenticate')
        .map(([, value]) => value);

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      ({ app, url } = await listenSample(idp, RESOURCE, false, adapter));
      valid = await Promise.all([
        idp.mint({ subject: 'a' }),
        idp.mint({ subject: 'b', scope: 'notes:read' }),
      ]);
    });
    afterAll(async () => {
      process.env = saved;
      await app.close();
      await idp.close();
    });

    it('control: the unmutated tokens are accepted', async () => {
      for (const token of valid)
        expect((await post(`Bearer ${token}`)).status).toBe(200);
    });

    it('a mutated token is never accepted, never answered 5xx, and the challenge stays well-formed', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat(valid.length - 1),
          mutationArb,
          async (which, mutation) => {
            const original = valid[which];
            const token = mutate(original, mutation);
            const response = await post(`Bearer ${token}`);
            // RFC 6750 §2.1 (`Bearer 1*SP b64token`) and RFC 9110 §5.5 (a field value loses its
            // surrounding whitespace): spaces added before or after the token present the same one.
            if (token.trim() === original) return response.status === 200;
            expect(response.status).not.toBe(200);
            expect([400, 401]).toContain(response.status);
            const challenge = challengeOf(response);
            expect(challenge).toHaveLength(1);
            expect(challenge[0]).toMatch(CHALLENGE);
            expect(challenge[0]).toContain(
              `resource_metadata="${METADATA_URL}"`,
            );
            return true;
          },
        ),
        { numRuns: RUNS_PER_PLATFORM },
      );
    });

    it('any Authorization header value gets a 4xx with a parseable ASCII challenge, never 2xx or 5xx', async () => {
      const latin1 = fc
        .integer({ min: 0x20, max: 0xff })
        .filter((code) => code !== 0x7f)
        .map((code) => String.fromCharCode(code));
      const value = fc.oneof(
        fc.string({ unit: latin1, maxLength: 300 }),
        fc
          .string({ unit: latin1, maxLength: 300 })
          .map((rest) => `Bearer ${rest}`),
        fc
          .string({ unit: fc.constantFrom(...`${B64URL}.`), maxLength: 600 })
          .map((rest) => `bearer ${rest}`),
      );
      await fc.assert(
        fc.asyncProperty(value, async (authorization) => {
          const response = await post(authorization);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          for (const challenge of challengeOf(response))
            expect(challenge).toMatch(CHALLENGE);
          expect(response.body).not.toMatch(/\bat .*\.(js|ts):\d+/);
          return true;
        }),
        { numRuns: RUNS_PER_PLATFORM },
      );
    });
  },
);
