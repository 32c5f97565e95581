import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import {
  generateSigningKey,
  startTestIssuer,
  type TestIssuer,
} from '@nest-mcp/auth/testing';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { listenSample } from './support/listen.js';
import { ATTACK_CORPUS } from './attacks/attack-corpus.js';
import type {
  AttackCase,
  AttackContext,
  AttackRequest,
} from './attacks/attack-context.js';
import { CapturingLogger } from './support/capturing-logger.js';
import { toolsCall } from './support/mcp-client.js';
import { rawRequest, type RawResponse } from './support/raw-request.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const METADATA_URL =
  'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp';
const INVALID_TOKEN_CHALLENGE = new RegExp(
  `^Bearer error="invalid_token", error_description="The access token (is invalid|has expired)", resource_metadata="${METADATA_URL}"$`,
);

describe('the attack corpus', () => {
  it('has at least 80 cases in at least 9 families', () => {
    expect(ATTACK_CORPUS.length).toBeGreaterThanOrEqual(80);
    expect(
      new Set(ATTACK_CORPUS.map((attack) => attack.family)).size,
    ).toBeGreaterThanOrEqual(9);
  });
});

describe.each(HTTP_ADAPTERS)(
  'attack corpus against the sample /mcp endpoint on %s (RFC 9068 §4, RFC 8725, RFC 6750 §3)',
  (adapter) => {
    let idp: TestIssuer;
    let lure: TestIssuer;
    let app: INestApplication;
    let url: string;
    let context: AttackContext;
    const logger = new CapturingLogger();
    const sentTokens: string[] = [];
    const saved = { ...process.env };

    const send = (request: AttackRequest): Promise<RawResponse> => {
      const base = [
        'Content-Type: application/json',
        'Accept: application/json, text/event-stream',
      ];
      const body = toolsCall('whoami');
      switch (request.kind) {
        case 'authorization':
          sentTokens.push(request.value.replace(/^\S+\s*/, ''));
          return rawRequest(url, {
            path: '/mcp',
            headerLines: [...base, `Authorization: ${request.value}`],
            body,
          });
        case 'raw-headers':
          return rawRequest(url, {
            path: '/mcp',
            headerLines: [...base, ...request.lines],
            body,
          });
        case 'query':
          sentTokens.push(request.token);
          return rawRequest(url, {
            path: `/mcp?access_token=${request.token}`,
            headerLines: base,
            body,
          });
        case 'form':
          sentTokens.push(request.token);
          return rawRequest(url, {
            path: '/mcp',
            headerLines: ['Content-Type: application/x-www-form-urlencoded'],
            body: `access_token=${request.token}`,
          });
      }
    };

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      lure = await startTestIssuer();
      ({ app, url } = await listenSample(idp, RESOURCE, logger, adapter));
      const attacker = await generateSigningKey('RS256');
      const claims = () => {
        const now = Math.floor(Date.now() / 1000);
        return {
          iss: idp.issuer,
          aud: RESOURCE,
          sub: 'victim',
          scope: 'notes:read',
          iat: now,
          exp: now + 300,
        };
      };
      context = { idp, attacker, lure, resource: RESOURCE, claims };
    }, 60_000); // two issuers, an attacker key and the sample: slow on a loaded machine
    afterAll(async () => {
      process.env = saved;
      await app.close();
      await idp.close();
      await lure.close();
    });

    it('control: a valid token is accepted over the same raw path', async () => {
      const response = await send({
        kind: 'authorization',
        value: `Bearer ${await idp.mint()}`,
      });
      expect(response.status).toBe(200);
    });

    describe.each([...new Set(ATTACK_CORPUS.map((attack) => attack.family))])(
      '%s',
      (family) => {
        it.each(
          ATTACK_CORPUS.filter((attack) => attack.family === family).map(
            (attack): [string, AttackCase] => [attack.name, attack],
          ),
        )('%s', async (_name, attack) => {
          const response = await send(await attack.build(context));
          const challenge = response.headers
            .filter(([name]) => name === 'www-authenticate')
            .map(([, v]) => v);
          // 431: Node may also reset the connection before the refusal is read (status 0).
          const status =
            response.status === 0 && attack.expect.status === 431
              ? 431
              : response.status;
          expect(status).toBe(attack.expect.status);
          if (attack.expect.error === 'invalid_token') {
            expect(challenge).toHaveLength(1);
            expect(challenge[0]).toMatch(INVALID_TOKEN_CHALLENGE);
          } else if (attack.expect.error === null) {
            expect(challenge).toEqual([
              `Bearer resource_metadata="${METADATA_URL}"`,
            ]);
          } else if (attack.expect.error === 'invalid_request') {
            expect(challenge).toHaveLength(1);
            expect(challenge[0]).toMatch(/^Bearer error="invalid_request", /);
          } else {
            expect(challenge).toEqual([]);
          }
          expect(response.headers.map(([name]) => name)).not.toContain(
            'x-injected',
          );
          expect(response.body).not.toMatch(/\bat .*\.(js|ts):\d+/);
          expect(response.status).toBeLessThan(500);
        });
      },
    );

    it('fetched nothing from attacker-named URLs (jku, x5u)', () => {
      expect(lure.requests).toEqual([]);
    });

    it('never logged a presented token or its signature', () => {
      const logText = logger.lines.join('\n');
      expect(
        logger.lines.some((line) =>
          line.includes('Rejected bearer token: reason=untrusted_issuer'),
        ),
      ).toBe(true);
      // The reason, issuer and kid are logged; an attacker's kid is quoted, never raw.
      expect(logText).toContain('kid="../../../../dev/null"');
      for (const token of sentTokens.filter((token) => token.length > 40)) {
        expect(logText).not.toContain(token);
        const signature = token.split('.')[2];
        if (signature && signature.length > 20)
          expect(logText).not.toContain(signature);
      }
    });
  },
);
