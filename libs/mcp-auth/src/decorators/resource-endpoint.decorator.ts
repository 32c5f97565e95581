import { SetMetadata } from '@nestjs/common';
import { RESOURCE_ENDPOINT_METADATA } from '../mcp-auth.constants.js';

/**
 * Marks a route (or controller) as the protected resource's own endpoint, the one `resource`
 * names: DPoP proofs sent to it must carry the configured resource URL as `htu` (RFC 9449 §4.3),
 * whatever path the request reached the application at (a proxy may rewrite it). Other routes
 * are checked against the resource's origin plus their request path. `@nest-mcp/server` marks its
 * MCP endpoint.
 *
 * @publicApi
 */
export const ResourceEndpoint = (): MethodDecorator & ClassDecorator =>
  SetMetadata(RESOURCE_ENDPOINT_METADATA, true);
