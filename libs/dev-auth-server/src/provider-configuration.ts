import type { JWK } from 'jose';
import { errors, type Configuration } from 'oidc-provider';
import { clientIdMetadataDocumentSettings } from './client-id-metadata-documents.js';
import {
  OIDC_SCOPES,
  type DevAccessTokenFormat,
  type ResolvedDevAuthorizationServerOptions,
} from './dev-authorization-server-options.js';
import { PAGE_HEADERS, renderErrorPage } from './login-page.html.js';
import { DEV_SIGNING_ALGORITHM } from './signing-key.js';

/** Path of the login interaction; `login-interaction.ts` serves it. */
export const INTERACTION_PATH_PREFIX = '/interaction/';

/** Inputs of `buildProviderConfiguration`. */
export interface ProviderConfigurationInput {
  /** The only resource indicator accepted; the `aud` of every access token. */
  resource: string;
  /** Scopes of the resource. */
  scopes: readonly string[];
  /** Access token lifetime (seconds). */
  accessTokenTtlSeconds: number;
  /** Private signing JWK (RS256). */
  signingKey: JWK;
  /** Keys that sign oidc-provider's cookies. */
  cookieKeys: string[];
  /** Format of the access tokens. */
  accessTokenFormat: DevAccessTokenFormat;
  /** The resource server's client, the only one allowed to introspect. */
  introspectionClient: { clientId: string; clientSecret: string };
  /** Client ID Metadata Documents: off, or on with an optional own `fetch`. */
  clientIdMetadataDocuments: ResolvedDevAuthorizationServerOptions['clientIdMetadataDocuments'];
}

/** Lifetimes of the other artifacts, in seconds. */
const TTL = {
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  Interaction: 10 * 60,
  RefreshToken: 7 * 24 * 60 * 60,
  Grant: 7 * 24 * 60 * 60,
  Session: 24 * 60 * 60,
} as const;

/**
 * The oidc-provider configuration of the development authorization server: authorization code
 * with PKCE (S256), open dynamic client registration, one resource (RFC 8707) with JWT access
 * tokens (RFC 9068) or opaque ones, introspection (RFC 7662) for the resource server, DPoP-bound tokens for clients that prove a key (RFC 9449), refresh tokens
 * without `offline_access`, automatic consent, and optionally Client ID Metadata Documents.
 */
export function buildProviderConfiguration(
  input: ProviderConfigurationInput,
): Configuration {
  const { resource, scopes, accessTokenTtlSeconds } = input;
  const resourceScope = scopes.join(' ');
  const { clientIdMetadataDocument, ...fetchSetting } =
    clientIdMetadataDocumentSettings(input.clientIdMetadataDocuments);

  return {
    // Accounts exist as soon as someone signs in with a username: accountId = username = `sub`.
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, preferred_username: sub, name: sub }),
    }),
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
    },
    // Resource scopes are listed so clients may register them in `scope` and discovery shows them.
    scopes: [...OIDC_SCOPES, ...scopes],
    responseTypes: ['code'],
    // The resource server: a confidential client that may only introspect (RFC 7662 §2.1).
    clients: [
      {
        client_id: input.introspectionClient.clientId,
        client_secret: input.introspectionClient.clientSecret,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    jwks: { keys: [input.signingKey] },
    cookies: {
      keys: input.cookieKeys,
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    interactions: {
      url: (_ctx, interaction) =>
        `${INTERACTION_PATH_PREFIX}${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      clientIdMetadataDocument,
      // RFC 9449: a client that sends a DPoP proof to the token endpoint gets a DPoP-bound token
      // (`cnf.jkt`, `token_type: DPoP`); the others get bearer tokens as before.
      dPoP: { enabled: true },
      // Every access token is for the resource, so the UserInfo endpoint would never accept one.
      userinfo: { enabled: false },
      // Its default pages load web fonts from the internet; MCP clients do not need it.
      rpInitiatedLogout: { enabled: false },
      revocation: { enabled: true, allowedPolicy: ownTokensOnly },
      // RFC 7662, for the resource server only (opaque tokens; JWTs are refused there).
      introspection: {
        enabled: true,
        allowedPolicy: (_ctx, client) =>
          client.clientId === input.introspectionClient.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (resourceIndicator !== resource) {
            throw new errors.InvalidTarget(
              `this development authorization server only issues tokens for ${resource}`,
            );
          }
          return {
            scope: resourceScope,
            audience: resource,
            accessTokenTTL: accessTokenTtlSeconds,
            ...(input.accessTokenFormat === 'opaque'
              ? { accessTokenFormat: 'opaque' as const }
              : {
                  accessTokenFormat: 'jwt' as const,
                  jwt: { sign: { alg: DEV_SIGNING_ALGORITHM } },
                }),
          };
        },
      },
    },
    ...fetchSetting,
    // A refresh token whenever the client registered the refresh_token grant (no offline_access).
    issueRefreshToken: (_ctx, client, source) =>
      source.kind === 'AuthorizationCode' &&
      client.grantTypeAllowed('refresh_token'),
    // Tokens outlive the browser session: signing out of this server does not log clients out.
    expiresWithSession: () => false,
    // Browser-based clients (e.g. MCP Inspector) call the token endpoint from any origin
    // (registration: see registration-cors.ts).
    clientBasedCORS: () => true,
    ttl: {
      ...TTL,
      AccessToken: (_ctx, token) =>
        token.resourceServer?.accessTokenTTL ?? accessTokenTtlSeconds,
    },
    // A short page with the OAuth error code and description, never a stack trace.
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.set(
        'content-security-policy',
        PAGE_HEADERS['content-security-policy'],
      );
      ctx.body = renderErrorPage(
        'Authorization error',
        out.error_description
          ? `${out.error}: ${out.error_description}`
          : out.error,
      );
    },
  };
}

/** A client may only revoke its own tokens (public clients included). */
function ownTokensOnly(
  _ctx: unknown,
  client: { clientId: string },
  token: { clientId?: string },
): boolean {
  return token.clientId === client.clientId;
}
