import {
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  NotFoundException,
  Options,
  Req,
  type Type,
} from '@nestjs/common';
import { Public } from '../decorators/public.decorator.js';
import { type HttpRequestLike, requestPathOf } from '../http/http-request.js';
import { MCP_AUTH_RESOLVED_OPTIONS } from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import {
  buildProtectedResourceMetadata,
  type ProtectedResourceMetadata,
} from './protected-resource-metadata.js';

/** What the metadata controller of one `McpAuthModule` registration answers. */
export interface ProtectedResourceMetadataHandlers {
  metadata(request: HttpRequestLike): Readonly<ProtectedResourceMetadata>;
  preflight(request: HttpRequestLike): void;
}

/**
 * A controller class of its own for one `McpAuthModule` registration, serving OAuth Protected
 * Resource Metadata (RFC 9728 §3) at the path-inserted URL of the configured resource and at the
 * root well-known URL: no auth, CORS open, computed once. Its routes are the exact paths, set by
 * `routeMetadataController` once the options are resolved (`forRootAsync` resolves them late;
 * until then the class has no route):
 * exact paths read the same on Express (path-to-regexp) and Fastify (find-my-way), where no
 * wildcard syntax does.
 */
export function createMetadataController(): Type<ProtectedResourceMetadataHandlers> {
  @Public()
  @Controller()
  class ProtectedResourceMetadataController implements ProtectedResourceMetadataHandlers {
    private readonly document: Readonly<ProtectedResourceMetadata>;
    private readonly paths: ReadonlySet<string>;

    constructor(
      @Inject(MCP_AUTH_RESOLVED_OPTIONS) options: ResolvedMcpAuthOptions,
    ) {
      this.document = buildProtectedResourceMetadata(options);
      this.paths = new Set(options.metadataPaths);
    }

    /** The metadata JSON, at `/.well-known/oauth-protected-resource[/<resource path>]`. */
    @Header('Access-Control-Allow-Origin', '*')
    @Header('Cache-Control', 'public, max-age=300')
    metadata(@Req() request: HttpRequestLike) {
      this.assertKnownPath(request);
      return this.document;
    }

    /** CORS preflight for browser-based MCP clients. */
    @HttpCode(204)
    @Header('Access-Control-Allow-Origin', '*')
    @Header('Access-Control-Allow-Methods', 'GET, OPTIONS')
    @Header('Access-Control-Allow-Headers', '*')
    @Header('Access-Control-Max-Age', '86400')
    preflight(@Req() request: HttpRequestLike): void {
      this.assertKnownPath(request);
    }

    /** Express matches routes regardless of case and a trailing slash: only the exact paths answer. */
    private assertKnownPath(request: HttpRequestLike): void {
      if (!this.paths.has(requestPathOf(request)))
        throw new NotFoundException();
    }
  }
  return ProtectedResourceMetadataController;
}

/**
 * Routes `controller` (from `createMetadataController`) at `paths`, the resolved metadata paths.
 * Runs while the application's providers are created, before Nest registers any route.
 */
export function routeMetadataController(
  controller: Type<ProtectedResourceMetadataHandlers>,
  paths: readonly string[],
): void {
  const routes = [...paths];
  const { prototype } = controller;
  const descriptor = (name: keyof ProtectedResourceMetadataHandlers) =>
    Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor;
  Get(routes)(prototype, 'metadata', descriptor('metadata'));
  Options(routes)(prototype, 'preflight', descriptor('preflight'));
}
