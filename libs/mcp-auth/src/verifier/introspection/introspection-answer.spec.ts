import { describe, expect, it } from '@jest/globals';
import type { ResolvedAuthorizationServer } from '../../mcp-auth-options.interface.js';
import {
  checkIntrospectionAnswer,
  isIntrospectionAnswer,
} from './introspection-answer.js';

const NOW = 1_800_000_000;
const server: ResolvedAuthorizationServer = {
  issuer: 'https://as.example',
  jwksUri: undefined,
  audiences: ['https://api.example/mcp'],
  algorithms: ['RS256'],
  dpop: undefined,
  introspection: {
    clientId: 'rs',
    clientSecret: 's',
    privateKey: undefined,
    endpoint: undefined,
    authMethod: 'client_secret_basic',
    cacheTtlSeconds: 60,
    acceptMissingAudience: false,
  },
};
const rules = { clockToleranceSeconds: 60, maxTokenAgeSeconds: undefined };
const answer = (extra: Record<string, unknown> = {}) => ({
  active: true,
  iss: 'https://as.example',
  aud: 'https://api.example/mcp',
  sub: 'alice',
  scope: 'a b',
  client_id: 'c',
  exp: NOW + 60,
  ...extra,
});
const reason = (
  extra: Record<string, unknown>,
  on = server,
  r:
    | typeof rules
    | { clockToleranceSeconds: number; maxTokenAgeSeconds: number } = rules,
) => {
  const verdict = checkIntrospectionAnswer(answer(extra), on, r, NOW);
  return verdict.ok ? 'ok' : verdict.reason;
};

describe('isIntrospectionAnswer (RFC 7662 §2.2)', () => {
  it.each([
    [{ active: true }, true],
    [{ active: false }, true],
    [{ active: 'true' }, false],
    [{}, false],
    [[], false],
    [null, false],
    ['active', false],
  ])('%j → %s', (value, expected) => {
    expect(isIntrospectionAnswer(value)).toBe(expected);
  });
});

describe('checkIntrospectionAnswer', () => {
  it('builds the owner of an active answer', () => {
    const verdict = checkIntrospectionAnswer(
      answer({ cnf: { jkt: 'thumb' } }),
      server,
      rules,
      NOW,
    );
    expect(verdict).toMatchObject({
      ok: true,
      owner: {
        subject: 'alice',
        issuer: 'https://as.example',
        clientId: 'c',
        scopes: ['a', 'b'],
        audience: ['https://api.example/mcp'],
        expiresAt: NOW + 60,
        claims: { cnf: { jkt: 'thumb' } },
      },
    });
  });

  it.each([
    ['active false', { active: false }, 'inactive'],
    ['another iss', { iss: 'https://other.example' }, 'untrusted_issuer'],
    ['no iss (optional in RFC 7662)', { iss: undefined }, 'ok'],
    ['another aud', { aud: 'https://api.example/other' }, 'wrong_audience'],
    ['aud array with ours', { aud: ['x', 'https://api.example/mcp'] }, 'ok'],
    ['aud with uppercase host', { aud: 'https://API.example/mcp' }, 'ok'],
    [
      'aud with a trailing slash',
      { aud: 'https://api.example/mcp/' },
      'wrong_audience',
    ],
    ['no aud', { aud: undefined }, 'wrong_audience'],
    ['refresh token', { token_type: 'refresh_token' }, 'wrong_type'],
    ['Keycloak refresh typ', { typ: 'Refresh' }, 'wrong_type'],
    ['DPoP token_type', { token_type: 'DPoP' }, 'ok'],
    ['expired beyond tolerance', { exp: NOW - 61 }, 'expired'],
    ['expired within tolerance', { exp: NOW - 30 }, 'ok'],
    ['nbf in the future', { nbf: NOW + 120 }, 'not_yet_valid'],
    ['iat in the future', { iat: NOW + 120 }, 'issued_in_future'],
    ['no exp', { exp: undefined }, 'bad_claims'],
    ['exp as a string', { exp: String(NOW + 60) }, 'bad_claims'],
    ['no sub', { sub: undefined }, 'missing_subject'],
    ['scope not a string', { scope: 42 }, 'bad_claims'],
  ])('%s → %s', (_name, extra, expected) => {
    expect(reason(extra)).toBe(expected);
  });

  it('accepts a missing aud only with acceptMissingAudience', () => {
    const lenient = {
      ...server,
      introspection: { ...server.introspection!, acceptMissingAudience: true },
    };
    expect(reason({ aud: undefined }, lenient)).toBe('ok');
    expect(reason({ aud: 'https://other' }, lenient)).toBe('wrong_audience');
  });

  it('applies maxTokenAgeSeconds (iat then required)', () => {
    const aged = { clockToleranceSeconds: 0, maxTokenAgeSeconds: 100 };
    expect(reason({ iat: NOW - 50 }, server, aged)).toBe('ok');
    expect(reason({ iat: NOW - 150 }, server, aged)).toBe('too_old');
    expect(reason({}, server, aged)).toBe('bad_claims');
  });
});
