import { describe, expect, it } from '@jest/globals';
import { parseApiKeys } from './api-key-list.js';
import { ApiKeyVerifier } from './api-key.verifier.js';

const KEY_A = 'a'.repeat(24);
const KEY_B = 'b'.repeat(32);

describe('SAMPLE_API_KEYS', () => {
  it('parses keys with their subject and scopes', () => {
    expect(
      parseApiKeys(
        JSON.stringify([{ key: KEY_A, subject: 'ci', scopes: ['notes:read'] }]),
      ),
    ).toEqual([{ key: KEY_A, subject: 'ci', scopes: ['notes:read'] }]);
  });

  it.each([
    ['not JSON', '[', /not valid JSON/],
    ['not an array', '{}', /must be a JSON array/],
    [
      'a short key',
      JSON.stringify([{ key: 'short', subject: 's', scopes: [] }]),
      /SAMPLE_API_KEYS\[0\]\.key .*24/,
    ],
    [
      'a key with spaces',
      JSON.stringify([{ key: `${KEY_A} x`, subject: 's', scopes: [] }]),
      /b64token/,
    ],
    [
      'a repeated key',
      JSON.stringify([
        { key: KEY_A, subject: 's', scopes: [] },
        { key: KEY_A, subject: 't', scopes: [] },
      ]),
      /\[1\]\.key is listed twice/,
    ],
    ['no subject', JSON.stringify([{ key: KEY_A, scopes: [] }]), /subject/],
    [
      'bad scopes',
      JSON.stringify([{ key: KEY_A, subject: 's', scopes: 'notes:read' }]),
      /scopes/,
    ],
  ])(
    'refuses %s, naming the entry and never echoing a key',
    (_name, text, message) => {
      let thrown: Error | undefined;
      try {
        parseApiKeys(text);
      } catch (error) {
        thrown = error as Error;
      }
      expect(thrown?.message).toMatch(message);
      expect(thrown?.message).not.toContain(KEY_A);
    },
  );

  it('accepts a held key, and answers null (not its own) for any other', () => {
    const verifier = new ApiKeyVerifier([
      { key: KEY_A, subject: 'a', scopes: ['notes:read'] },
      { key: KEY_B, subject: 'b', scopes: [] },
    ]);
    expect(verifier.verify(KEY_B)).toMatchObject({ subject: 'b', scopes: [] });
    expect(verifier.verify(KEY_A)).toMatchObject({
      subject: 'a',
      scopes: ['notes:read'],
    });
    expect(verifier.verify(`${KEY_A}x`)).toBeNull();
    expect(verifier.verify('')).toBeNull();
  });
});
