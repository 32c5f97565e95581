import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { resolveMcpAuthOptions } from './config/resolve-options.js';
import { McpAuthRejectionLog } from './diagnostics/rejection-log.service.js';
import { DpopRequestCheck } from './dpop/dpop-request-check.service.js';
import { inMemoryDpopReplayStoreProvider } from './dpop/dpop-replay-store.provider.js';
import { McpAuthErrorResponses } from './guard/auth-error-response.js';
import { McpAuthGuard } from './guard/mcp-auth.guard.js';
import {
  MCP_AUTH_MODULE_MARKER,
  MCP_AUTH_RESOLVED_OPTIONS,
} from './mcp-auth.constants.js';
import {
  ConfigurableModuleClass,
  MCP_AUTH_OPTIONS,
} from './mcp-auth.module-definition.js';
import type { McpAuthOptions } from './mcp-auth-options.interface.js';
import { McpAuthSelfCheck } from './self-check/mcp-auth-self-check.service.js';
import { McpAuthPort } from './port/mcp-auth.port.js';
import { ScopePolicy } from './scopes/scope-policy.js';
import { McpTokenVerifier } from './verifier/token-verifier.service.js';
import { CredentialVerifiers } from './verifier/custom/credential-verifiers.explorer.js';

/**
 * OAuth 2.1 resource server for MCP: `forRoot(options)` or `forRootAsync({ useFactory | useClass |
 * useExisting, inject, imports })`. Provides `McpAuthGuard` (global by default), `McpTokenVerifier`,
 * `McpAuthPort` (what other libraries such as `@nest-mcp/server` use) and the RFC 9728 metadata
 * endpoints, on Express and Fastify alike. Options are validated at boot.
 *
 * @publicApi
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: MCP_AUTH_RESOLVED_OPTIONS,
      inject: [MCP_AUTH_OPTIONS],
      useFactory: (options: McpAuthOptions) => resolveMcpAuthOptions(options),
    },
    McpTokenVerifier,
    CredentialVerifiers,
    inMemoryDpopReplayStoreProvider,
    DpopRequestCheck,
    McpAuthErrorResponses,
    McpAuthRejectionLog,
    McpAuthSelfCheck,
    McpAuthGuard,
    ScopePolicy,
    McpAuthPort,
  ],
  exports: [
    McpAuthPort,
    MCP_AUTH_RESOLVED_OPTIONS,
    McpTokenVerifier,
    DpopRequestCheck,
    McpAuthErrorResponses,
    McpAuthRejectionLog,
    McpAuthSelfCheck,
    McpAuthGuard,
    ScopePolicy,
  ],
})
export class McpAuthModule extends ConfigurableModuleClass {
  /** Recognisable across copies of this package (see `MCP_AUTH_MODULE_MARKER`). */
  static readonly [MCP_AUTH_MODULE_MARKER] = true;
}
