import { PROTECTED_RESOURCE_WELL_KNOWN } from '../mcp-auth.constants.js';

/**
 * RFC 9728 §3.1: the metadata URL inserts the well-known segment between the host and the
 * resource's path: `https://h/mcp` → `https://h/.well-known/oauth-protected-resource/mcp`.
 */
export function protectedResourceMetadataUrl(resource: URL): URL {
  const path = resource.pathname === '/' ? '' : resource.pathname;
  return new URL(`${PROTECTED_RESOURCE_WELL_KNOWN}${path}`, resource.origin);
}
