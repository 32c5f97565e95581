import type { EnvSource } from '@nest-mcp/auth';
import { authorizationCodeFlow } from '@nest-mcp/dev-auth-server/testing';
import { devAuthorizationIssuer } from '../dev-authorization-address.js';
import { sampleResource } from '../sample-address.js';

/** The RFC 9728 §3.1 metadata URL of `resource` (well-known segment before the path). */
function metadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}

/**
 * Signs `user` in to the running sample's development authorization server through the code flow
 * of an MCP client: the sample's metadata names the server (the one at `MCP_DEV_AUTH_PORT` when it
 * is listed), then discovery, dynamic registration, PKCE S256 with `resource`, the login form and
 * the code exchange. Resolves the access token; rejects with a message saying what to do.
 */
export async function signInToSample(
  env: EnvSource,
  user: string,
  scope: string,
): Promise<string> {
  const resource = sampleResource(env);
  const metadataAt = metadataUrl(resource);
  let metadata: { resource?: string; authorization_servers?: string[] };
  try {
    const response = await fetch(metadataAt, {
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    metadata = (await response.json()) as typeof metadata;
  } catch (error) {
    throw new Error(
      `no sample answers at ${metadataAt} (${error instanceof Error ? error.message : String(error)}): start it first (npm start), with the same PORT and HOST`,
      { cause: error },
    );
  }
  const servers = metadata.authorization_servers ?? [];
  const expected = devAuthorizationIssuer(env);
  const issuer = expected && servers.includes(expected) ? expected : servers[0];
  if (!issuer) {
    throw new Error(
      `the metadata at ${metadataAt} names no authorization server`,
    );
  }
  try {
    const { tokens } = await authorizationCodeFlow({
      issuer,
      resource: metadata.resource ?? resource,
      username: user,
      scope,
    });
    return tokens.access_token;
  } catch (error) {
    throw new Error(
      `signing in at ${issuer} failed: ${error instanceof Error ? error.message : String(error)} (npm run token signs in to the sample's development authorization server only: start the sample without MCP_AUTH_AUTHORIZATION_SERVERS)`,
      { cause: error },
    );
  }
}
