import { describe, expect, it } from '@jest/globals';
import type { ResourceOwner } from '../verifier/resource-owner.interface.js';
import { toMcpAuthInfo } from './mcp-auth-info.js';

const owner: ResourceOwner = {
  subject: 'alice',
  issuer: 'https://idp.example.com',
  clientId: undefined,
  scopes: ['notes:read'],
  audience: ['https://mcp.example.com/mcp'],
  expiresAt: 1_900_000_000,
  claims: { sub: 'alice', scope: 'notes:read' },
  token: 'token-value',
};

describe('toMcpAuthInfo', () => {
  it('maps a verified owner onto the SDK AuthInfo fields', () => {
    const info = toMcpAuthInfo(owner, {
      resource: 'https://mcp.example.com/mcp',
      metadataUrl:
        'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
    });
    expect(info).toEqual({
      token: 'token-value',
      clientId: '',
      scopes: ['notes:read'],
      expiresAt: 1_900_000_000,
      resource: new URL('https://mcp.example.com/mcp'),
      resourceMetadataUrl:
        'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
      extra: {
        subject: 'alice',
        issuer: 'https://idp.example.com',
        claims: owner.claims,
      },
    });
    // A copy: the SDK may not change the owner's scopes.
    expect(info.scopes).not.toBe(owner.scopes);
  });

  it('keeps a resource given as a URL', () => {
    const resource = new URL('https://mcp.example.com/mcp');
    expect(toMcpAuthInfo(owner, { resource, metadataUrl: 'x' }).resource).toBe(
      resource,
    );
  });
});
