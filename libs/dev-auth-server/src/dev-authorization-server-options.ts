import type { JWK } from 'jose';
import { DevAuthServerConfigError } from './dev-auth-server.errors.js';

/** Options of `startDevAuthorizationServer`. */
export interface DevAuthorizationServerOptions {
  /** The MCP resource URL (e.g. `http://127.0.0.1:3000/mcp`): the only resource it issues tokens for, and their `aud`. */
  resource: string;
  /** Port to listen on; default 0 (a random free port). */
  port?: number;
  /** Interface to listen on and host of the issuer URL; default `127.0.0.1`. */
  host?: string;
  /** Scopes of the resource; default `['notes:read', 'notes:write']`. */
  scopes?: string[];
  /** Lifetime of access tokens in seconds; default 3600. */
  accessTokenTtlSeconds?: number;
  /** Private RS256 JWK that signs tokens; default a key generated at start (see `loadDevSigningKey`). */
  signingKey?: JWK;
}

/** A running development authorization server. */
export interface DevAuthorizationServer {
  /** Issuer identifier, `http://HOST:PORT` (no trailing slash). */
  readonly issuer: string;
  /** The authorization endpoint: MCP clients send users there, and it shows the login page. */
  readonly loginUrl: string;
  /** URL of the JWKS that publishes the public signing key. */
  readonly jwksUri: string;
  /** Stops listening and drops open connections; all clients, grants and tokens are forgotten. */
  close(): Promise<void>;
}

/** `DevAuthorizationServerOptions` after validation, with defaults applied. */
export interface ResolvedDevAuthorizationServerOptions {
  readonly resource: string;
  readonly port: number;
  readonly host: string;
  readonly scopes: readonly string[];
  readonly accessTokenTtlSeconds: number;
  readonly signingKey?: JWK;
}

/** Default resource scopes. */
export const DEFAULT_DEV_SCOPES: readonly string[] = [
  'notes:read',
  'notes:write',
];

/** OpenID Connect scopes the server also accepts; they are not resource scopes. */
export const OIDC_SCOPES: readonly string[] = [
  'openid',
  'profile',
  'offline_access',
];

/** RFC 6749 scope-token syntax. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/u;

/** Validates the options and applies defaults; errors name the option. */
export function resolveDevAuthorizationServerOptions(
  options: DevAuthorizationServerOptions,
): ResolvedDevAuthorizationServerOptions {
  if (options === null || typeof options !== 'object') {
    throw new DevAuthServerConfigError('options', `must be an object`);
  }

  const resource = URL.parse(options.resource);
  if (
    typeof options.resource !== 'string' ||
    !resource ||
    !['http:', 'https:'].includes(resource.protocol) ||
    resource.hash !== '' ||
    options.resource.includes('#')
  ) {
    throw new DevAuthServerConfigError(
      'resource',
      `must be an absolute http(s) URL without fragment, e.g. http://127.0.0.1:3000/mcp (got ${JSON.stringify(options.resource)})`,
    );
  }

  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DevAuthServerConfigError(
      'port',
      `must be an integer from 0 to 65535 (got ${String(port)})`,
    );
  }

  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') {
    throw new DevAuthServerConfigError('host', `must be a non-empty string`);
  }

  const scopes = [...new Set(options.scopes ?? DEFAULT_DEV_SCOPES)];
  if (scopes.length === 0) {
    throw new DevAuthServerConfigError(
      'scopes',
      `must list at least one scope`,
    );
  }
  for (const scope of scopes) {
    if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)) {
      throw new DevAuthServerConfigError(
        'scopes',
        `contains an invalid scope token ${JSON.stringify(scope)}`,
      );
    }
    if (OIDC_SCOPES.includes(scope)) {
      throw new DevAuthServerConfigError(
        'scopes',
        `must not contain "${scope}": it is an OpenID Connect scope, always accepted, not a resource scope`,
      );
    }
  }

  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 3600;
  if (
    !Number.isSafeInteger(accessTokenTtlSeconds) ||
    accessTokenTtlSeconds <= 0
  ) {
    throw new DevAuthServerConfigError(
      'accessTokenTtlSeconds',
      `must be a positive integer (got ${String(accessTokenTtlSeconds)})`,
    );
  }

  return {
    resource: options.resource,
    port,
    host,
    scopes,
    accessTokenTtlSeconds,
    signingKey: options.signingKey,
  };
}
