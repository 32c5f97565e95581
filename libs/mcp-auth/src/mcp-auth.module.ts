import { Module } from '@nestjs/common';
import { resolveMcpAuthOptions } from './config/resolve-options.js';
import { McpAuthErrorResponses } from './guard/auth-error-response.js';
import { McpAuthGuard } from './guard/mcp-auth.guard.js';
import { MCP_AUTH_RESOLVED_OPTIONS } from './mcp-auth.constants.js';
import {
  ConfigurableModuleClass,
  MCP_AUTH_OPTIONS,
} from './mcp-auth.module-definition.js';
import type { McpAuthOptions } from './mcp-auth-options.interface.js';
import { McpAuthPort } from './port/mcp-auth.port.js';
import { ScopePolicy } from './scopes/scope-policy.js';
import { McpTokenVerifier } from './verifier/token-verifier.service.js';
import { ProtectedResourceMetadataController } from './well-known/protected-resource-metadata.controller.js';

/**
 * OAuth 2.1 resource server for MCP: `forRoot(options)` or `forRootAsync({ useFactory | useClass |
 * useExisting, inject, imports })`. Provides `McpAuthGuard` (global by default), `McpTokenVerifier`,
 * `McpAuthPort` (what other libraries such as `@nest-mcp/server` use) and the RFC 9728 metadata
 * endpoints. Options are validated at boot.
 *
 * @publicApi
 */
@Module({
  controllers: [ProtectedResourceMetadataController],
  providers: [
    {
      provide: MCP_AUTH_RESOLVED_OPTIONS,
      inject: [MCP_AUTH_OPTIONS],
      useFactory: (options: McpAuthOptions) => resolveMcpAuthOptions(options),
    },
    McpTokenVerifier,
    McpAuthErrorResponses,
    McpAuthGuard,
    ScopePolicy,
    McpAuthPort,
  ],
  exports: [
    McpAuthPort,
    MCP_AUTH_RESOLVED_OPTIONS,
    McpTokenVerifier,
    McpAuthErrorResponses,
    McpAuthGuard,
    ScopePolicy,
  ],
})
export class McpAuthModule extends ConfigurableModuleClass {}
