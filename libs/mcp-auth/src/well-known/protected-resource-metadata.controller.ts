import {
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  NotFoundException,
  Options,
  Req,
} from '@nestjs/common';
import { Public } from '../decorators/public.decorator.js';
import { MCP_AUTH_RESOLVED_OPTIONS } from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import {
  buildProtectedResourceMetadata,
  type ProtectedResourceMetadata,
} from './protected-resource-metadata.js';

const ROUTES = ['oauth-protected-resource', 'oauth-protected-resource/*path'];

/**
 * Serves OAuth Protected Resource Metadata (RFC 9728 §3) at the path-inserted URL of the
 * configured resource and at the root well-known URL: no auth, CORS open, computed once.
 */
@Public()
@Controller('.well-known')
export class ProtectedResourceMetadataController {
  private readonly document: Readonly<ProtectedResourceMetadata>;
  private readonly paths: ReadonlySet<string>;

  constructor(
    @Inject(MCP_AUTH_RESOLVED_OPTIONS) options: ResolvedMcpAuthOptions,
  ) {
    this.document = buildProtectedResourceMetadata(options);
    this.paths = new Set(options.metadataPaths);
  }

  /** The metadata JSON, at `/.well-known/oauth-protected-resource[/<resource path>]`. */
  @Get(ROUTES)
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cache-Control', 'public, max-age=300')
  metadata(
    @Req() request: { path: string },
  ): Readonly<ProtectedResourceMetadata> {
    this.assertKnownPath(request.path);
    return this.document;
  }

  /** CORS preflight for browser-based MCP clients. */
  @Options(ROUTES)
  @HttpCode(204)
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Access-Control-Allow-Methods', 'GET, OPTIONS')
  @Header('Access-Control-Allow-Headers', '*')
  @Header('Access-Control-Max-Age', '86400')
  preflight(@Req() request: { path: string }): void {
    this.assertKnownPath(request.path);
  }

  private assertKnownPath(path: string): void {
    if (!this.paths.has(path)) throw new NotFoundException();
  }
}
