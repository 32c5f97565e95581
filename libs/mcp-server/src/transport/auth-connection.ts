import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef, ModulesContainer } from '@nestjs/core';
import { McpAuthPort } from '@nest-mcp/auth';
import { McpServerConfigError } from '../mcp-server.errors.js';
import { MCP_SERVER_RESOLVED_OPTIONS } from '../mcp-server.constants.js';
import {
  importsSecondAuthCopy,
  secondAuthCopyError,
} from '../security/second-auth-copy.js';
import type { ResolvedMcpServerOptions } from '../mcp-server-options.interface.js';

/**
 * Finds `McpAuthModule`'s `McpAuthPort` anywhere in the application at boot (it may be imported
 * globally or next to `McpServerModule`); without it, boot fails unless `requireAuth: false`, and
 * always when the application imports an `McpAuthModule` of a second copy of the package.
 */
@Injectable()
export class AuthConnection implements OnModuleInit {
  private found: McpAuthPort | undefined;
  private looked = false;

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(MCP_SERVER_RESOLVED_OPTIONS)
    private readonly serverOptions: ResolvedMcpServerOptions,
  ) {}

  onModuleInit(): void {
    if (this.port) return;
    // An McpAuthModule of another installed copy of @nest-mcp/auth has a port of another class.
    const modules = this.moduleRef.get(ModulesContainer, { strict: false });
    if (importsSecondAuthCopy(modules)) throw secondAuthCopyError();
    if (this.serverOptions.requireAuth) {
      throw new McpServerConfigError(
        'requireAuth',
        'McpAuthModule is not imported, so the MCP endpoint would be open to anyone; import McpAuthModule.forRoot(...) (or forRootAsync), or set requireAuth: false for a deliberately unauthenticated server',
      );
    }
  }

  /** The auth port, or `undefined` for a deliberately unauthenticated server (looked up once). */
  get port(): McpAuthPort | undefined {
    if (!this.looked) {
      this.looked = true;
      try {
        this.found = this.moduleRef.get(McpAuthPort, { strict: false });
      } catch {
        this.found = undefined;
      }
    }
    return this.found;
  }
}
