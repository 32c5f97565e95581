import type { JWK } from 'jose';
import { DevAuthServerConfigError } from './dev-auth-server.errors.js';
import { refuseProductionUnlessAllowed } from './production-refusal.js';

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
  /**
   * `'jwt'` (default): RFC 9068 JWT access tokens. `'opaque'`: opaque handles, which only the
   * server knows; resource servers verify them by RFC 7662 introspection (see `introspection`).
   */
  accessTokenFormat?: DevAccessTokenFormat;
  /**
   * Accept Client ID Metadata Documents: an `https` URL as `client_id`, whose JSON document the
   * server fetches instead of a registration. Default `false` (clients register dynamically).
   * `true` fetches with oidc-provider's own policy; an object may set the `fetch`.
   */
  clientIdMetadataDocuments?: boolean | DevClientIdMetadataDocumentOptions;
  /**
   * Start even with `NODE_ENV=production`. Default `false`: under `NODE_ENV=production` the
   * server refuses to start (`DevAuthServerConfigError`). Risk: anyone who reaches it signs in as
   * any user, with no password, and gets tokens your resource server trusts. Only for a
   * throwaway demo that nobody else can reach.
   */
  allowInProduction?: boolean;
}

/** The format of the access tokens a development server issues. */
export type DevAccessTokenFormat = 'jwt' | 'opaque';

/** The RFC 7662 introspection endpoint and the resource server's client credentials for it. */
export interface DevIntrospection {
  readonly endpoint: string;
  readonly clientId: string;
  /** Generated at start; only this client may introspect. */
  readonly clientSecret: string;
}

/** A WHATWG `fetch`-compatible function. */
export type DevFetch = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;

/** Client ID Metadata Documents with a fetch of your own (`clientIdMetadataDocuments`). */
export interface DevClientIdMetadataDocumentOptions {
  /**
   * Fetches the documents (and any other URL oidc-provider fetches, such as a registered
   * client's `jwks_uri`). Default: oidc-provider's, the global `fetch` with a 2.5 s limit through
   * a dispatcher that refuses loopback, private and other special-use addresses (SSRF). A
   * function of your own replaces that policy; it is meant for tests that serve a document from
   * a local `https` server with a test CA.
   */
  fetch?: DevFetch;
}

/** A running development authorization server. */
export interface DevAuthorizationServer {
  /** Issuer identifier, `http://HOST:PORT` (no trailing slash). */
  readonly issuer: string;
  /** The authorization endpoint: MCP clients send users there, and it shows the login page. */
  readonly loginUrl: string;
  /** URL of the JWKS that publishes the public signing key. */
  readonly jwksUri: string;
  /** The format of its access tokens. */
  readonly accessTokenFormat: DevAccessTokenFormat;
  /** Introspection for the resource server (client_secret_basic), whatever the format. */
  readonly introspection: DevIntrospection;
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
  readonly accessTokenFormat: DevAccessTokenFormat;
  /** `false`, or on with an optional own `fetch`. */
  readonly clientIdMetadataDocuments: false | { readonly fetch?: DevFetch };
  /** Started although `NODE_ENV` is `production` (`allowInProduction: true`). */
  readonly allowInProduction: boolean;
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
  const allowInProduction = refuseProductionUnlessAllowed(
    options.allowInProduction,
  );

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
    accessTokenFormat: resolveAccessTokenFormat(options.accessTokenFormat),
    clientIdMetadataDocuments: resolveClientIdMetadataDocuments(
      options.clientIdMetadataDocuments,
    ),
    allowInProduction,
  };
}

/** `accessTokenFormat`: `'jwt'` (default) or `'opaque'`. */
function resolveAccessTokenFormat(value: unknown): DevAccessTokenFormat {
  if (value === undefined) return 'jwt';
  if (value === 'jwt' || value === 'opaque') return value;
  throw new DevAuthServerConfigError(
    'accessTokenFormat',
    `must be "jwt" or "opaque" (got ${JSON.stringify(value)})`,
  );
}

/** `clientIdMetadataDocuments`: a boolean, or `{ fetch }` with `fetch` a function. */
function resolveClientIdMetadataDocuments(
  value: DevAuthorizationServerOptions['clientIdMetadataDocuments'],
): ResolvedDevAuthorizationServerOptions['clientIdMetadataDocuments'] {
  if (value === undefined || value === false) return false;
  if (value === true) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DevAuthServerConfigError(
      'clientIdMetadataDocuments',
      `must be a boolean or { fetch } (got ${JSON.stringify(value)})`,
    );
  }
  const unknown = Object.keys(value).filter((key) => key !== 'fetch');
  if (unknown.length > 0) {
    throw new DevAuthServerConfigError(
      'clientIdMetadataDocuments',
      `has unknown keys ${unknown.join(', ')} (only fetch is accepted)`,
    );
  }
  if (value.fetch !== undefined && typeof value.fetch !== 'function') {
    throw new DevAuthServerConfigError(
      'clientIdMetadataDocuments',
      `fetch must be a function (got ${typeof value.fetch})`,
    );
  }
  return value.fetch ? { fetch: value.fetch } : {};
}
