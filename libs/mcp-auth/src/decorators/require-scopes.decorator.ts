import { SetMetadata } from '@nestjs/common';
import { isScopeToken } from '../config/scope-syntax.js';
import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import { REQUIRED_SCOPES_METADATA } from '../mcp-auth.constants.js';

/**
 * Scopes a token must carry for this handler or controller (a handler's list overrides its class's).
 * Missing scopes answer 403 `insufficient_scope`.
 *
 * @publicApi
 */
export const RequireScopes = (
  ...scopes: string[]
): MethodDecorator & ClassDecorator => {
  const invalid = scopes.find((scope) => !isScopeToken(scope));
  if (invalid !== undefined) {
    throw new McpAuthConfigError(
      '@RequireScopes()',
      `"${String(invalid)}" is not a valid scope (printable ASCII, no spaces, quotes or backslashes)`,
    );
  }
  return SetMetadata(REQUIRED_SCOPES_METADATA, scopes);
};
