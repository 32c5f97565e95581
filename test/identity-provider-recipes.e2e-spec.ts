import { describe, expect, it } from '@jest/globals';
import { mcpAuthOptionsFromEnv } from '@nest-mcp/auth';
import { readFileSync } from 'node:fs';
import { resolveMcpAuthOptions } from '../libs/mcp-auth/src/config/resolve-options.js';

/** `VAR='value'` or `VAR=value` lines of the ```bash blocks in docs/identity-providers.md. */
function recipes(): Record<string, string>[] {
  const markdown = readFileSync(
    new URL('../docs/identity-providers.md', import.meta.url),
    'utf8',
  );
  return [...markdown.matchAll(/```bash\n([\s\S]*?)```/g)].map(([, block]) =>
    Object.fromEntries(
      block
        .trim()
        .split('\n')
        .map((line) => /^([A-Z_]+)=(?:'(.*)'|(\S*))$/.exec(line))
        .filter((match) => match !== null)
        .map(([, name, quoted, bare]) => [name, quoted ?? bare]),
    ),
  );
}

describe('docs/identity-providers.md: every environment recipe is a valid configuration', () => {
  const all = recipes();

  it('has one recipe per provider (Keycloak, Auth0, Entra ID, Okta, WorkOS)', () => {
    expect(all).toHaveLength(5);
  });

  it.each(
    all.map((env) => ({ servers: env.MCP_AUTH_AUTHORIZATION_SERVERS, env })),
  )('boots with $servers', ({ env }) => {
    const resolved = resolveMcpAuthOptions(mcpAuthOptionsFromEnv(env));
    expect(String(resolved.resource)).toBe(env.MCP_AUTH_RESOURCE_URL);
    expect(resolved.authorizationServers.map((s) => s.issuer)).toEqual(
      (
        JSON.parse(env.MCP_AUTH_AUTHORIZATION_SERVERS) as { issuer: string }[]
      ).map((s) => s.issuer),
    );
  });
});
