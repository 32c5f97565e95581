import { describe, expect, it } from '@jest/globals';
import { bearerChallenge } from './bearer-challenge.js';

const META = 'https://api.example.com/.well-known/oauth-protected-resource/mcp';

describe('bearerChallenge (RFC 6750 §3, RFC 9728 §5.1)', () => {
  it('without credentials: only resource_metadata, no error code', () => {
    expect(bearerChallenge({ resourceMetadata: META })).toBe(
      `Bearer resource_metadata="${META}"`,
    );
  });

  it('invalid_token with a description', () => {
    expect(
      bearerChallenge({
        resourceMetadata: META,
        error: 'invalid_token',
        errorDescription: 'The access token is invalid',
      }),
    ).toBe(
      `Bearer error="invalid_token", error_description="The access token is invalid", resource_metadata="${META}"`,
    );
  });

  it('insufficient_scope lists scopes once, in order', () => {
    expect(
      bearerChallenge({
        resourceMetadata: META,
        error: 'insufficient_scope',
        scope: ['notes:write', 'notes:read', 'notes:write'],
      }),
    ).toBe(
      `Bearer error="insufficient_scope", scope="notes:write notes:read", resource_metadata="${META}"`,
    );
  });

  it('escapes quotes and backslashes and strips CR, LF and non-ASCII', () => {
    const header = bearerChallenge({
      resourceMetadata: 'https://h/\r\nX-Injected: 1"\\é',
    });
    expect(header).toBe(
      'Bearer resource_metadata="https://h/X-Injected: 1\\"\\\\"',
    );
    expect(header).toMatch(/^[\x20-\x7e]*$/);
  });

  it('drops scope values that are not valid scope tokens', () => {
    const header = bearerChallenge({
      resourceMetadata: META,
      scope: ['ok', 'a"b', 'with space', 'back\\slash', 'ünï'],
    });
    expect(header).toBe(`Bearer scope="ok", resource_metadata="${META}"`);
  });
});
