import { describe, expect, it } from '@jest/globals';
import { issuerSourceOf } from './dev-login-policy.js';

describe('issuerSourceOf: the development login is never a silent fallback in production', () => {
  it.each([
    [{}, 'development'],
    [{ MCP_AUTH_AUTHORIZATION_SERVERS: '' }, 'development'],
    [{ MCP_DEV_AUTH: 'true' }, 'development'],
    [{ NODE_ENV: 'production', MCP_DEV_AUTH: 'true' }, 'development'],
    [{ NODE_ENV: 'Production', MCP_DEV_AUTH: ' TRUE ' }, 'development'],
    [
      { MCP_AUTH_AUTHORIZATION_SERVERS: 'https://idp.example.com' },
      'configured',
    ],
    [
      {
        NODE_ENV: 'production',
        MCP_AUTH_AUTHORIZATION_SERVERS: 'https://idp.example.com',
      },
      'configured',
    ],
  ])('%j: %s', (env, source) => {
    expect(issuerSourceOf(env)).toBe(source);
  });

  it.each([
    [
      { NODE_ENV: 'production' },
      /NODE_ENV is production and MCP_AUTH_AUTHORIZATION_SERVERS is not set: .* only with MCP_DEV_AUTH=true/,
    ],
    [
      { NODE_ENV: 'production', MCP_AUTH_AUTHORIZATION_SERVERS: '' },
      /MCP_AUTH_AUTHORIZATION_SERVERS is not set/,
    ],
    [
      { NODE_ENV: 'production', MCP_DEV_AUTH: 'false' },
      /MCP_DEV_AUTH=false forbids the development login/,
    ],
    [{ MCP_DEV_AUTH: 'false' }, /MCP_DEV_AUTH=false forbids/],
    [
      { MCP_AUTH_AUTHORIZATION_SERVERS: '  ' },
      /MCP_AUTH_AUTHORIZATION_SERVERS is blank/,
    ],
    [
      {
        NODE_ENV: 'production',
        MCP_DEV_AUTH: 'true',
        MCP_AUTH_AUTHORIZATION_SERVERS: '\n',
      },
      /MCP_AUTH_AUTHORIZATION_SERVERS is blank/,
    ],
    [{ MCP_DEV_AUTH: '1' }, /MCP_DEV_AUTH "1" must be true or false/],
  ])('%j: refused', (env, message) => {
    expect(() => issuerSourceOf(env)).toThrow(message);
  });
});
