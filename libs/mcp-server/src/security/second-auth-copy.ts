import type { ModulesContainer } from '@nestjs/core';
import { MCP_AUTH_MODULE_MARKER, McpAuthModule } from '@nest-mcp/auth';
import { McpServerConfigError } from '../mcp-server.errors.js';

/**
 * Whether the application imports an `McpAuthModule` from another copy of `@nest-mcp/auth` than
 * the one this package resolves (npm installed two, or a build inlined a private one): that class
 * carries the global marker but is not ours, so its guard and options cannot be found by class.
 */
export function importsSecondAuthCopy(modules: ModulesContainer): boolean {
  for (const module of modules.values()) {
    const type = module.metatype as
      { [MCP_AUTH_MODULE_MARKER]?: unknown } | undefined;
    if (type?.[MCP_AUTH_MODULE_MARKER] === true && type !== McpAuthModule)
      return true;
  }
  return false;
}

/** The boot error for a second copy of `@nest-mcp/auth`, saying what went wrong and the fix. */
export function secondAuthCopyError(): McpServerConfigError {
  return new McpServerConfigError(
    'requireAuth',
    'McpAuthModule is imported, but from a second copy of @nest-mcp/auth, not the one @nest-mcp/server uses, so the MCP endpoint cannot find its guard. Install @nest-mcp/auth once, as a single dependency of your app shared by @nest-mcp/server (its peer dependency): `npm ls @nest-mcp/auth` must list one version, deduped; do not bundle @nest-mcp/auth into a build of @nest-mcp/server',
  );
}
