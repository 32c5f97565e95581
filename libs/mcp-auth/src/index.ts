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
  ResolvedMcpAuthOptions,
} from './mcp-auth-options.interface.js';
export {
  ASYMMETRIC_ALGORITHMS,
  MCP_AUTH_MODULE_MARKER,
  MCP_AUTH_RESOLVED_OPTIONS,
} from './mcp-auth.constants.js';
export { DEFAULT_DPOP_ALGORITHMS } from './dpop/dpop-algorithms.js';
export {
  mcpAuthOptionsFromEnv,
  MCP_AUTH_ENV,
  type EnvSource,
} from './config/options-from-env.js';
export { resolveMcpAuthOptions } from './config/resolve-options.js';
export { isScopeToken } from './config/scope-syntax.js';
export { isLoopbackHost } from './config/url-rules.js';
export { McpAuthGuard } from './guard/mcp-auth.guard.js';
export { McpAuthPort } from './port/mcp-auth.port.js';
export {
  toMcpAuthInfo,
  type McpAuthInfo,
  type McpAuthResource,
} from './sdk/mcp-auth-info.js';
export type { AuthErrorResponse } from './guard/auth-error-response.js';
export { getResourceOwner } from './guard/request-owner.js';
export { ResourceOwner } from './decorators/resource-owner.decorator.js';
export { RequireScopes } from './decorators/require-scopes.decorator.js';
export { Public } from './decorators/public.decorator.js';
export { ResourceEndpoint } from './decorators/resource-endpoint.decorator.js';
export type { DpopMode } from './dpop/dpop-mode.js';
export {
  DPOP_REPLAY_STORE,
  type DpopProofUse,
  type DpopReplaySettings,
  type DpopReplayStore,
  type DpopReplayVerdict,
} from './dpop/dpop-replay-store.js';
export type { DpopReplayStoreSpec } from './dpop/dpop-replay-store.provider.js';
export { DpopReplayUnavailableError } from './dpop/dpop-replay-unavailable.error.js';
export { DpopReplayStoreFullError } from './dpop/dpop-replay-store-full.error.js';
export {
  InMemoryDpopReplayStore,
  type DpopReplayLimits,
} from './dpop/in-memory-dpop-replay-store.js';
export {
  DpopBindingError,
  type DpopBindingReason,
} from './dpop/dpop-binding.error.js';
export {
  InvalidDpopProofError,
  type InvalidDpopProofReason,
} from './dpop/invalid-dpop-proof.error.js';
export { McpTokenVerifier } from './verifier/token-verifier.service.js';
export type {
  IntrospectionAuthMethod,
  IntrospectionOptions,
} from './verifier/introspection/introspection-options.js';
export { McpCredentialVerifier } from './verifier/custom/credential-verifier.decorator.js';
export type {
  McpCredentialVerifierPort,
  VerifiedCredential,
} from './verifier/custom/credential-verifier.interface.js';
export { CredentialRefusedError } from './verifier/custom/credential-refused.error.js';
export { McpAuthRejectionLog } from './diagnostics/rejection-log.service.js';
export { McpAuthSelfCheck } from './self-check/mcp-auth-self-check.service.js';
export {
  McpAuthScopeSource,
  type McpAuthScopeUses,
  type ScopeUse,
} from './self-check/scope-source.decorator.js';
export type { StartupFinding } from './self-check/startup-finding.js';
export { McpAuthStartupError } from './self-check/startup-check.error.js';
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
export { runDoctor, type DoctorIo } from './doctor/run-doctor.js';
