import { Inject, Injectable } from '@nestjs/common';
import { MCP_AUTH_RESOLVED_OPTIONS } from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';

/**
 * The one place that decides whether granted scopes satisfy needed ones: the guard,
 * `@RequireScopes()`, MCP tool scopes and `tools/list` filtering all ask it. A granted scope
 * satisfies a needed one when they are equal or when `scopeHierarchy` says the granted one
 * implies it (MCP 2026-07-28 authorization: servers MUST account for scope hierarchies).
 */
@Injectable()
export class ScopePolicy {
  private readonly implied: ReadonlyMap<string, ReadonlySet<string>>;

  constructor(
    @Inject(MCP_AUTH_RESOLVED_OPTIONS) options: ResolvedMcpAuthOptions,
  ) {
    this.implied = options.scopeHierarchy;
  }

  /** True when `granted` covers every scope in `needed`. */
  satisfies(granted: readonly string[], needed: readonly string[]): boolean {
    for (const scope of needed) {
      if (!this.grants(granted, scope)) return false;
    }
    return true;
  }

  private grants(granted: readonly string[], scope: string): boolean {
    if (granted.includes(scope)) return true;
    if (this.implied.size === 0) return false;
    for (const held of granted) {
      if (this.implied.get(held)?.has(scope)) return true;
    }
    return false;
  }
}
