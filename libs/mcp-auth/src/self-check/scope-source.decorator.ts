import { SetMetadata } from '@nestjs/common';

/** Metadata key set by `@McpAuthScopeSource()`. */
export const SCOPE_SOURCE_METADATA = 'mcp-auth:scope-source';

/** Where a scope is needed, e.g. `tool "add_note"`, and which scopes. */
export interface ScopeUse {
  readonly usedBy: string;
  readonly scopes: readonly string[];
}

/** A provider that tells the boot self-check which scopes the application needs. */
export interface McpAuthScopeUses {
  /** Called once at boot, after every module's `onModuleInit`. */
  scopeUses(): readonly ScopeUse[];
}

/**
 * Marks a provider implementing `McpAuthScopeUses` (e.g. the tool registry of
 * `@nest-mcp/server`): the boot self-check warns about the scopes it names that
 * `scopesSupported` does not advertise.
 *
 * @publicApi
 */
export const McpAuthScopeSource = (): ClassDecorator =>
  SetMetadata(SCOPE_SOURCE_METADATA, true);
