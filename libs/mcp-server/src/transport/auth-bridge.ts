import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef, ModulesContainer } from '@nestjs/core';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import {
  getResourceOwner,
  MCP_AUTH_RESOLVED_OPTIONS,
  McpAuthErrorResponses,
  McpAuthGuard,
  type ResolvedMcpAuthOptions,
  type ResourceOwner,
} from '@nest-mcp/auth';
import { McpServerConfigError } from '../mcp-server.errors.js';
import {
  importsSecondAuthCopy,
  secondAuthCopyError,
} from '../security/second-auth-copy.js';
import { MCP_SERVER_RESOLVED_OPTIONS } from '../mcp-server.constants.js';
import type { ResolvedMcpServerOptions } from '../mcp-server-options.interface.js';

/** The parts of `McpAuthModule` the MCP endpoint uses, when the application imports it. */
export interface AuthParts {
  readonly guard: McpAuthGuard;
  readonly responses: McpAuthErrorResponses;
  readonly options: ResolvedMcpAuthOptions;
}

/**
 * Connects the MCP endpoint to `McpAuthModule` (found anywhere in the application at boot):
 * its guard, its challenges, and the verified owner of each request as the SDK's `AuthInfo`.
 */
@Injectable()
export class AuthBridge implements OnModuleInit {
  private parts: AuthParts | undefined;
  private resource: URL | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(MCP_SERVER_RESOLVED_OPTIONS)
    private readonly serverOptions: ResolvedMcpServerOptions,
  ) {}

  onModuleInit(): void {
    try {
      this.parts = {
        guard: this.moduleRef.get(McpAuthGuard, { strict: false }),
        responses: this.moduleRef.get(McpAuthErrorResponses, { strict: false }),
        options: this.moduleRef.get<ResolvedMcpAuthOptions>(
          MCP_AUTH_RESOLVED_OPTIONS,
          {
            strict: false,
          },
        ),
      };
      this.resource = new URL(this.parts.options.resource);
    } catch {
      const modules = this.moduleRef.get(ModulesContainer, { strict: false });
      if (importsSecondAuthCopy(modules)) throw secondAuthCopyError();
      if (this.serverOptions.requireAuth) {
        throw new McpServerConfigError(
          'requireAuth',
          'McpAuthModule is not imported, so the MCP endpoint would be open to anyone; import McpAuthModule.forRoot(...) (or forRootAsync), or set requireAuth: false for a deliberately unauthenticated server',
        );
      }
    }
  }

  /** The auth module's parts, or `undefined` for an unauthenticated server. */
  get auth(): AuthParts | undefined {
    return this.parts;
  }

  /** The verified owner of `request` (set by the guard), if any. */
  ownerOf(request: object): ResourceOwner | undefined {
    return this.parts ? getResourceOwner(request) : undefined;
  }

  /** The owner as the SDK's `AuthInfo` (so tools also see it in `extra.authInfo`). */
  authInfoOf(owner: ResourceOwner): AuthInfo {
    return {
      token: owner.token,
      clientId: owner.clientId ?? '',
      scopes: [...owner.scopes],
      expiresAt: owner.expiresAt,
      resource: this.resource,
      extra: {
        subject: owner.subject,
        issuer: owner.issuer,
        claims: owner.claims,
      },
    };
  }
}
