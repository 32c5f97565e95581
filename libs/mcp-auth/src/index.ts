/** `@nest-mcp/auth`: OAuth 2.1 resource server for MCP servers built with NestJS. */
export { McpAuthModule } from './mcp-auth.module.js';
export {
  MCP_AUTH_OPTIONS,
  type McpAuthModuleOptions,
  type McpAuthModuleAsyncOptions,
  type McpAuthModuleExtras,
  type McpAuthOptionsFactory,
} from './mcp-auth.module-definition.js';
export type {
  AllowedAlgorithm,
  AuthorizationServerOptions,
  McpAuthOptions,
  ResolvedAuthorizationServer,
  ResolvedMcpAuthOptions,
} from './mcp-auth-options.interface.js';
export {
  ASYMMETRIC_ALGORITHMS,
  MCP_AUTH_RESOLVED_OPTIONS,
} from './mcp-auth.constants.js';
export {
  mcpAuthOptionsFromEnv,
  parseAuthorizationServers,
  MCP_AUTH_ENV,
  type EnvSource,
} from './config/options-from-env.js';
export { resolveMcpAuthOptions } from './config/resolve-options.js';
export { protectedResourceMetadataUrl } from './config/metadata-url.js';
export { McpAuthGuard } from './guard/mcp-auth.guard.js';
export { McpAuthPort } from './port/mcp-auth.port.js';
export {
  McpAuthErrorResponses,
  type AuthErrorResponse,
} from './guard/auth-error-response.js';
export {
  bearerChallenge,
  type BearerChallengeParams,
  type BearerErrorCode,
} from './guard/bearer-challenge.js';
export { extractBearerToken } from './guard/bearer-token.js';
export { getResourceOwner } from './guard/resource-owner.store.js';
export { ResourceOwner } from './decorators/resource-owner.decorator.js';
export { RequireScopes } from './decorators/require-scopes.decorator.js';
export { Public } from './decorators/public.decorator.js';
export { McpTokenVerifier } from './verifier/token-verifier.service.js';
export type { InvalidTokenReason } from './errors/invalid-token-reason.js';
export {
  McpAuthError,
  McpAuthConfigError,
  MissingCredentialsError,
  InvalidRequestError,
  InvalidTokenError,
  InsufficientScopeError,
  AuthorizationServerUnavailableError,
} from './errors/mcp-auth.errors.js';
export {
  buildProtectedResourceMetadata,
  type ProtectedResourceMetadata,
} from './well-known/protected-resource-metadata.js';
export { ProtectedResourceMetadataController } from './well-known/protected-resource-metadata.controller.js';
