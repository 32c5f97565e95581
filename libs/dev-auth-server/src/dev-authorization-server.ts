import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import {
  resolveDevAuthorizationServerOptions,
  type DevAuthorizationServer,
  type DevAuthorizationServerOptions,
} from './dev-authorization-server-options.js';
import { defaultScopeToResourceScopes } from './default-scope.js';
import { createLoginInteractionHandler } from './login-interaction.js';
import {
  buildProviderConfiguration,
  INTERACTION_PATH_PREFIX,
} from './provider-configuration.js';
import { withoutDevNotices } from './quiet-notices.js';
import { allowRegistrationFromBrowsers } from './registration-cors.js';
import { generateDevSigningKey, prepareSigningKey } from './signing-key.js';

/**
 * Starts a real OAuth 2.1 authorization server (oidc-provider) for LOCAL DEVELOPMENT ONLY on its own
 * HTTP server (default `http://127.0.0.1:<random port>`): any username signs in without a password,
 * consent is automatic, everything is kept in memory. Never expose it or use it in production.
 */
export async function startDevAuthorizationServer(
  options: DevAuthorizationServerOptions,
): Promise<DevAuthorizationServer> {
  const resolved = resolveDevAuthorizationServerOptions(options);
  const signingKey = resolved.signingKey
    ? await prepareSigningKey(resolved.signingKey)
    : await generateDevSigningKey();

  // The issuer contains the port, which is only known once listening (port 0 = random).
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (
    _req,
    res,
  ) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  try {
    const { port } = server.address() as AddressInfo;
    const host = resolved.host.includes(':')
      ? `[${resolved.host}]`
      : resolved.host;
    const issuer = `http://${host}:${port}`;

    const introspectionClient = {
      clientId: 'mcp-resource-server',
      clientSecret: randomBytes(32).toString('base64url'),
    };
    const configuration = buildProviderConfiguration({
      accessTokenFormat: resolved.accessTokenFormat,
      introspectionClient,
      resource: resolved.resource,
      scopes: resolved.scopes,
      accessTokenTtlSeconds: resolved.accessTokenTtlSeconds,
      signingKey,
      cookieKeys: [randomBytes(32).toString('base64url')],
      clientIdMetadataDocuments: resolved.clientIdMetadataDocuments,
    });
    const provider = withoutDevNotices(
      () => new Provider(issuer, configuration),
    );
    allowRegistrationFromBrowsers(provider);
    defaultScopeToResourceScopes(provider, resolved.scopes);
    provider.on('server_error', (_ctx, error: Error) => {
      console.error(`[dev-auth-server] server error: ${error.message}`);
    });

    const interaction = createLoginInteractionHandler(provider, {
      resource: resolved.resource,
      scopes: resolved.scopes,
    });
    const oidc = provider.callback();
    handle = (req, res) => {
      if (req.url?.startsWith(INTERACTION_PATH_PREFIX)) {
        void interaction(req, res);
      } else {
        void oidc(req, res);
      }
    };

    return {
      issuer,
      loginUrl: provider.urlFor('authorization'),
      jwksUri: provider.urlFor('jwks'),
      accessTokenFormat: resolved.accessTokenFormat,
      introspection: {
        endpoint: provider.urlFor('introspection'),
        ...introspectionClient,
      },
      close: () => closeServer(server),
    };
  } catch (error) {
    await closeServer(server);
    throw error;
  }
}

/** Stops accepting connections and closes the open ones (keep-alive included). */
function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
