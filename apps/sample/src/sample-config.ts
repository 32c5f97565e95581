import {
  mcpAuthOptionsFromEnv,
  type EnvSource,
  type McpAuthOptions,
} from '@nest-mcp/auth';
import {
  SAMPLE_RESOURCE_NAME,
  SAMPLE_SCOPES,
  sampleResource,
} from './sample-address.js';

export {
  SAMPLE_SCOPES,
  listenAddress,
  sampleResource,
  trustsConfiguredIssuers,
} from './sample-address.js';

/** Auth options from `MCP_AUTH_*`, with the sample's defaults (resource, scopes, name). */
export function sampleAuthOptions(source: EnvSource): McpAuthOptions {
  return mcpAuthOptionsFromEnv(source, {
    resource: sampleResource(source),
    resourceName: SAMPLE_RESOURCE_NAME,
    scopesSupported: SAMPLE_SCOPES,
  });
}
