import type { EnvSource, McpAuthOptions } from '@nest-mcp/auth';
import { devAuthorizationIssuer } from '../dev-authorization-address.js';
import {
  SAMPLE_RESOURCE_NAME,
  SAMPLE_SCOPES,
  sampleResource,
  trustsConfiguredIssuers,
} from '../sample-address.js';

/**
 * What the sample assumes where no `MCP_AUTH_*` variable says otherwise, for the doctor: its
 * resource `http://HOST:PORT/mcp`, its name and scopes, and, with no
 * `MCP_AUTH_AUTHORIZATION_SERVERS`, the embedded development server as the issuer.
 */
export function sampleDoctorDefaults(
  source: EnvSource,
): Partial<McpAuthOptions> {
  const devIssuer = trustsConfiguredIssuers(source)
    ? undefined
    : devAuthorizationIssuer(source);
  return {
    resource: sampleResource(source),
    resourceName: SAMPLE_RESOURCE_NAME,
    scopesSupported: SAMPLE_SCOPES,
    ...(devIssuer ? { authorizationServers: [{ issuer: devIssuer }] } : {}),
  };
}
