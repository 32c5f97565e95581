import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { DEFAULT_DPOP_ALGORITHMS } from '@nest-mcp/auth';
import {
  generateDpopKey,
  startTestIssuer,
  type TestIssuer,
} from '@nest-mcp/auth/testing';
import { CapturingLogger } from './support/capturing-logger.js';
import { listenSample } from './support/listen.js';
import { toolsCall } from './support/mcp-client.js';
import {
  DPOP_CORPUS,
  type DpopCase,
  type DpopContext,
} from './dpop/dpop-corpus.js';
import { sendDpop, type DpopRequest } from './dpop/dpop-request.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const METADATA =
  'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp';
const ALGS = DEFAULT_DPOP_ALGORITHMS.join(' ');
const BODY = toolsCall('whoami');

/** `DPoP error="…"` challenge, then the plain Bearer one (bearer tokens are accepted too). */
const dpopChallenge = (error: string, description: string, scope = '') =>
  `DPoP error="${error}", error_description="${description}", ${scope}resource_metadata="${METADATA}", algs="${ALGS}"`;
const DESCRIPTIONS: Record<string, string> = {
  invalid_dpop_proof: 'The DPoP proof is invalid',
  invalid_token: 'The access token is invalid',
};

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  describe('DPoP corpus against the sample /mcp endpoint (RFC 9449 §4.3, §7; MCP DPoP profile)', () => {
    let idp: TestIssuer;
    let app: INestApplication;
    let url: string;
    let context: DpopContext;
    const logger = new CapturingLogger();
    const sentSecrets: string[] = [];
    const saved = { ...process.env };

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      ({ app, url } = await listenSample(idp, RESOURCE, logger, adapter));
      const [key, other] = await Promise.all([
        generateDpopKey('ES256'),
        generateDpopKey('ES256'),
      ]);
      const send = (request: DpopRequest) => {
        sentSecrets.push(
          request.authorization ?? '',
          ...(request.proofs ?? []),
        );
        return sendDpop(url, request);
      };
      context = { idp, key, other, resource: RESOURCE, send };
    }, 60_000);
    afterAll(async () => {
      process.env = saved;
      await app.close();
      await idp.close();
    });

    it('has a passing and a failing case for every rule', () => {
      const rules = new Set(DPOP_CORPUS.map((c) => c.rule));
      expect(rules.size).toBeGreaterThanOrEqual(25);
      for (const rule of rules) {
        const outcomes = DPOP_CORPUS.filter((c) => c.rule === rule).map(
          (c) => c.outcome,
        );
        expect(outcomes.sort()).toEqual(['fail', 'pass']);
      }
    });

    describe.each([...new Set(DPOP_CORPUS.map((c) => c.rule))])(
      '%s',
      (rule) => {
        it.each(
          DPOP_CORPUS.filter((c) => c.rule === rule).map(
            (c): [string, string, DpopCase] => [c.outcome, c.name, c],
          ),
        )('%s: %s', async (_outcome, _name, dpopCase) => {
          const response = await context.send(await dpopCase.build(context));
          const { status, dpopError, bearerError } = dpopCase.expect;
          expect(response.status).toBe(status);
          expect(response.status).toBeLessThan(500);
          expect(response.body).not.toMatch(/\bat .*\.(js|ts):\d+/);
          if (status === 200) {
            expect(response.body).toContain('"result"');
            return;
          }
          if (dpopError === 'insufficient_scope') {
            expect(response.challenge).toBe(
              dpopChallenge(
                'insufficient_scope',
                'The access token lacks a required scope',
                'scope="notes:write notes:read", ',
              ),
            );
          } else if (dpopError) {
            const description =
              dpopCase.name === 'signed by another key'
                ? 'Invalid DPoP key binding'
                : DESCRIPTIONS[dpopError];
            expect(response.challenge).toBe(
              `${dpopChallenge(dpopError, description)}, Bearer resource_metadata="${METADATA}"`,
            );
          } else if (bearerError) {
            expect(response.challenge).toBe(
              `Bearer error="invalid_token", error_description="The access token must be presented with a DPoP proof", resource_metadata="${METADATA}", DPoP resource_metadata="${METADATA}", algs="${ALGS}"`,
            );
          }
        });
      },
    );

    it('answers 401 with a DPoP challenge, never a 5xx, to 60 malformed or hostile proofs', async () => {
      const token = await idp.mint({
        dpopKey: context.key,
        scope: 'notes:read',
      });
      const enc = (value: unknown) =>
        Buffer.from(
          typeof value === 'string' ? value : JSON.stringify(value),
        ).toString('base64url');
      const headers: unknown[] = [
        {},
        [],
        'null',
        { typ: 'dpop+jwt' },
        { typ: 'dpop+jwt', alg: 'ES256' },
        { typ: 'dpop+jwt', alg: 'ES256', jwk: 'x' },
        { typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: 'EC' } },
        {
          typ: 'dpop+jwt',
          alg: 'ES256',
          jwk: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' },
        },
        {
          typ: 'dpop+jwt',
          alg: 'RS256',
          jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' },
        },
        {
          typ: 'dpop+jwt',
          alg: 'ES256',
          jwk: context.key.publicJwk,
          crit: 'x',
        },
        { typ: ['dpop+jwt'], alg: 'ES256', jwk: context.key.publicJwk },
        { typ: 'dpop+jwt', alg: 'EdDSA', jwk: context.key.publicJwk },
      ];
      const payloads: unknown[] = [
        {},
        [],
        'null',
        { iat: 'now' },
        { jti: 1, htm: 2, htu: 3, iat: 4 },
      ];
      const proofs: string[] = [
        '',
        '.',
        '..',
        'a.b.c',
        'é.é.é',
        `${'A'.repeat(6000)}.B.C`,
      ];
      for (const header of headers) {
        for (const payload of payloads)
          proofs.push(`${enc(header)}.${enc(payload)}.${enc('sig')}`);
      }
      expect(proofs.length).toBeGreaterThanOrEqual(60);
      for (const proof of proofs) {
        const response = await sendDpop(url, {
          authorization: `DPoP ${token}`,
          proofs: [proof],
          body: BODY,
        });
        expect([proof.slice(0, 40), response.status]).toEqual([
          proof.slice(0, 40),
          401,
        ]);
        // A well-formed key that is not the bound one is a key-binding failure (RFC 9449 §7.1).
        expect(response.challenge).toMatch(
          /^DPoP error="(invalid_dpop_proof|invalid_token)"/,
        );
      }
    });

    it('keeps the Bearer-only challenge without credentials (allowed mode)', async () => {
      const response = await sendDpop(url, { body: BODY });
      expect(response.status).toBe(401);
      expect(response.challenge).toBe(`Bearer resource_metadata="${METADATA}"`);
    });

    it('advertises dpop_signing_alg_values_supported, not dpop_bound_access_tokens_required (RFC 9728 §2)', async () => {
      const metadata = (await (
        await fetch(`${url}/.well-known/oauth-protected-resource/mcp`)
      ).json()) as Record<string, unknown>;
      expect(metadata.dpop_signing_alg_values_supported).toEqual([
        ...DEFAULT_DPOP_ALGORITHMS,
      ]);
      expect(metadata).not.toHaveProperty('dpop_bound_access_tokens_required');
    });

    it('never logged a token or a proof', () => {
      const text = logger.lines.join('\n');
      expect(text).toContain('Rejected DPoP request: reason=');
      for (const secret of sentSecrets.filter((s) => s.length > 40)) {
        const jwt = secret.replace(/^\S+ /, '');
        expect(text).not.toContain(jwt);
        const signature = jwt.split('.')[2] ?? '';
        if (signature.length > 20) expect(text).not.toContain(signature);
      }
    });
  });
});
