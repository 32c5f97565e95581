import { Injectable } from '@nestjs/common';
import {
  McpAuthScopeSource,
  type McpAuthScopeUses,
  type ScopeUse,
} from '@nest-mcp/auth';
import { ToolRegistry } from './tool-registry.js';

/** Tells the boot self-check of `@nest-mcp/auth` the scopes each tool needs. */
@McpAuthScopeSource()
@Injectable()
export class ToolScopeUses implements McpAuthScopeUses {
  constructor(private readonly registry: ToolRegistry) {}

  scopeUses(): ScopeUse[] {
    return this.registry
      .all()
      .filter((tool) => tool.scopes.length > 0)
      .map((tool) => ({ usedBy: `tool "${tool.name}"`, scopes: tool.scopes }));
  }
}
