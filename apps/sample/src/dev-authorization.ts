import { Logger } from '@nestjs/common';
import {
  loadDevSigningKey,
  startDevAuthorizationServer,
  type DevAuthorizationServer,
} from '@nest-mcp/dev-auth-server';
import { DEV_LOGIN_ENV, isProduction } from './dev-login-policy.js';
import {
  listenAddress,
  SAMPLE_SCOPES,
  sampleResource,
} from './sample-config.js';
import {
  DEV_AUTH_PORT_VARIABLE,
  devAuthorizationPort,
} from './dev-authorization-address.js';

/** Environment variables of the embedded development authorization server. */
export const DEV_AUTH_ENV = {
  port: DEV_AUTH_PORT_VARIABLE,
  keyFile: 'MCP_DEV_AUTH_KEY_FILE',
  accessTokenTtl: 'MCP_DEV_AUTH_ACCESS_TOKEN_TTL_SECONDS',
  clientIdMetadataDocuments: 'MCP_DEV_AUTH_CLIENT_ID_METADATA_DOCUMENTS',
  accessTokenFormat: 'MCP_DEV_AUTH_ACCESS_TOKEN_FORMAT',
} as const;

/**
 * Starts the development authorization server (same process, port `MCP_DEV_AUTH_PORT`, default
 * PORT+1) and trusts it through `MCP_AUTH_AUTHORIZATION_SERVERS`, exactly as an external issuer
 * would be trusted. Loaded by `bootstrap.ts` with a dynamic import, and only when no issuer is
 * configured, so that oidc-provider is never loaded next to a real identity provider.
 */
export async function startDevAuthorization(
  env: NodeJS.ProcessEnv,
): Promise<DevAuthorizationServer> {
  const { host } = listenAddress(env);
  const server = await startDevAuthorizationServer({
    resource: sampleResource(env),
    host,
    port: devAuthorizationPort(env),
    scopes: SAMPLE_SCOPES,
    accessTokenTtlSeconds: numberFrom(env, DEV_AUTH_ENV.accessTokenTtl),
    signingKey: env[DEV_AUTH_ENV.keyFile]
      ? await loadDevSigningKey(env[DEV_AUTH_ENV.keyFile] as string)
      : undefined,
    clientIdMetadataDocuments: flagFrom(
      env,
      DEV_AUTH_ENV.clientIdMetadataDocuments,
    ),
    accessTokenFormat: tokenFormatFrom(env),
    // `issuerSourceOf` lets it this far under production only with MCP_DEV_AUTH=true.
    allowInProduction: isProduction(env),
  });
  // Opaque tokens: the sample introspects them (RFC 7662) with the server's resource-server client.
  env.MCP_AUTH_AUTHORIZATION_SERVERS =
    server.accessTokenFormat === 'opaque'
      ? JSON.stringify([
          { issuer: server.issuer, introspection: server.introspection },
        ])
      : server.issuer;
  const logger = new Logger('DevAuthorizationServer');
  logger.warn('='.repeat(78));
  logger.warn(`DEVELOPMENT AUTHORIZATION SERVER running at ${server.issuer}`);
  logger.warn(
    'Anyone can sign in with any username and no password. Never expose it.',
  );
  logger.warn(
    'Set MCP_AUTH_AUTHORIZATION_SERVERS to trust your real identity provider instead.',
  );
  logger.warn(
    'MCP clients find it through the metadata and open its login page themselves.',
  );
  if (isProduction(env)) {
    logger.warn(
      `NODE_ENV is production and ${DEV_LOGIN_ENV}=true: this login is open to anyone who reaches it.`,
    );
  }
  logger.warn('='.repeat(78));
  return server;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} "${raw}" must be a non-negative integer`);
  }
  return value;
}

function tokenFormatFrom(env: NodeJS.ProcessEnv): 'jwt' | 'opaque' {
  const raw = env[DEV_AUTH_ENV.accessTokenFormat]?.trim().toLowerCase();
  if (!raw || raw === 'jwt') return 'jwt';
  if (raw === 'opaque') return 'opaque';
  throw new Error(
    `${DEV_AUTH_ENV.accessTokenFormat} "${env[DEV_AUTH_ENV.accessTokenFormat]}" must be jwt or opaque`,
  );
}

function flagFrom(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new Error(`${name} "${env[name]}" must be true or false`);
}
