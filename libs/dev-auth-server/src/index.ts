/**
 * `@nest-mcp/dev-auth-server`: an OAuth 2.1 authorization server (oidc-provider) for LOCAL
 * DEVELOPMENT ONLY. Anyone signs in with any username and no password, consent is automatic,
 * clients register without credentials, and all state is in memory. Never deploy it.
 */
export { startDevAuthorizationServer } from './dev-authorization-server.js';
export {
  DEFAULT_DEV_SCOPES,
  type DevAccessTokenFormat,
  type DevIntrospection,
  type DevAuthorizationServer,
  type DevAuthorizationServerOptions,
  type DevClientIdMetadataDocumentOptions,
  type DevFetch,
} from './dev-authorization-server-options.js';
export { loadDevSigningKey } from './signing-key.js';
export {
  DevAuthServerError,
  DevAuthServerConfigError,
} from './dev-auth-server.errors.js';
