import type { TestIssuer } from '@nest-mcp/auth/testing';

/** An `MCP_AUTH_AUTHORIZATION_SERVERS` entry trusting `idp` by its issuer and JWKS URL. */
export const trustedIssuer = (idp: TestIssuer) => ({
  issuer: idp.issuer,
  jwksUri: idp.jwksUri,
});

/**
 * Sets the sample's environment to trust `servers` for `resource`: every variable starting with
 * one of `cleared` removed first, then `MCP_AUTH_RESOURCE_URL`, `MCP_AUTH_AUTHORIZATION_SERVERS`
 * and `env` set. Callers restore `process.env` afterwards.
 */
export function setSampleAuthEnv(
  resource: string,
  servers: readonly object[],
  env: Record<string, string> = {},
  cleared: readonly string[] = ['MCP_AUTH_'],
): void {
  for (const name of Object.keys(process.env)) {
    if (cleared.some((prefix) => name.startsWith(prefix)))
      delete process.env[name];
  }
  Object.assign(process.env, {
    MCP_AUTH_RESOURCE_URL: resource,
    MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify(servers),
    ...env,
  });
}
