import {
  startDevAuthorizationServer,
  type DevAuthorizationServer,
} from '@nest-mcp/dev-auth-server';
import {
  startSample,
  type RunningSample,
} from '../../apps/sample/src/bootstrap.js';
import { onFreePort } from './free-port.js';

/**
 * Starts the sample on `port` (default a free one) with only `env` among the MCP_AUTH_* and
 * MCP_DEV_AUTH_* variables (the embedded development authorization server on a free port unless
 * `env` says otherwise).
 */
export async function sampleWith(
  env: Record<string, string>,
  port?: number,
): Promise<{ sample: RunningSample; endpoint: string }> {
  if (port === undefined)
    return onFreePort((freePort) => sampleWith(env, freePort));
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('MCP_AUTH_') || key.startsWith('MCP_DEV_AUTH_'))
      delete process.env[key];
  }
  Object.assign(process.env, {
    HOST: '127.0.0.1',
    PORT: String(port),
    MCP_DEV_AUTH_PORT: '0',
    ...env,
  });
  const sample = await startSample({ logger: false });
  return { sample, endpoint: `http://127.0.0.1:${port}/mcp` };
}

/**
 * An external oidc-provider issuer (`@nest-mcp/dev-auth-server`) for the sample's resource, and the
 * sample trusting it through `MCP_AUTH_AUTHORIZATION_SERVERS` (so no embedded server starts), with
 * `env` besides (e.g. `MCP_HTTP_ADAPTER`).
 */
export async function sampleWithExternalIssuer(
  env: Record<string, string> = {},
): Promise<{
  external: DevAuthorizationServer;
  sample: RunningSample;
  endpoint: string;
}> {
  return onFreePort(async (port) => {
    const external = await startDevAuthorizationServer({
      resource: `http://127.0.0.1:${port}/mcp`,
    });
    try {
      const started = await sampleWith(
        { ...env, MCP_AUTH_AUTHORIZATION_SERVERS: external.issuer },
        port,
      );
      return { external, ...started };
    } catch (error) {
      await external.close();
      throw error;
    }
  });
}
