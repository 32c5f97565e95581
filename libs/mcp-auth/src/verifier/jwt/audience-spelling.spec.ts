import { describe, expect, it } from '@jest/globals';
import {
  lowercaseSchemeAndHost,
  withAudienceSpellings,
} from './audience-spelling.js';
import type { ClaimsCheckOptions } from './claims-checks.js';

const options = {
  issuer: 'https://idp.example',
  audience: ['https://api.example.com/mcp'],
  clockTolerance: 0,
  requiredClaims: [],
} as ClaimsCheckOptions;

describe('audience spellings (RFC 3986 §6.2.2.1)', () => {
  it('lowercases scheme and host only', () => {
    expect(lowercaseSchemeAndHost('HTTPS://API.Example.COM/Mcp?Q=1')).toBe(
      'https://api.example.com/Mcp?Q=1',
    );
    expect(lowercaseSchemeAndHost('not a url')).toBe('not a url');
  });

  it('adds only an uppercase spelling of an accepted audience, for both verification paths', () => {
    expect(withAudienceSpellings(options, 'https://api.example.com/mcp')).toBe(
      options,
    );
    expect(
      withAudienceSpellings(options, ['x', 'HTTPS://API.EXAMPLE.COM/mcp'])
        .audience,
    ).toEqual(['https://api.example.com/mcp', 'HTTPS://API.EXAMPLE.COM/mcp']);
    expect(withAudienceSpellings(options, 'https://api.example.com/MCP')).toBe(
      options,
    );
    expect(withAudienceSpellings(options, 42)).toBe(options);
  });
});
