import { Injectable } from '@nestjs/common';
import {
  McpAuthScopeSource,
  type McpAuthScopeUses,
  type ScopeUse,
} from '@nest-mcp/auth';
import { PromptRegistry } from '../prompt/prompt-registry.js';
import {
  ResourceRegistry,
  ResourceTemplateRegistry,
} from '../resource/resource-registries.js';
import { ToolRegistry } from '../tool/tool-registry.js';
import type { McpItem } from './mcp-item.js';

/** Tells the boot self-check of `@nest-mcp/auth` the scopes each tool, resource and prompt needs. */
@McpAuthScopeSource()
@Injectable()
export class ItemScopeUses implements McpAuthScopeUses {
  constructor(
    private readonly tools: ToolRegistry,
    private readonly resources: ResourceRegistry,
    private readonly templates: ResourceTemplateRegistry,
    private readonly prompts: PromptRegistry,
  ) {}

  scopeUses(): ScopeUse[] {
    const uses = <D extends McpItem>(
      items: readonly D[],
      usedBy: (item: D) => string,
    ) =>
      items
        .filter((item) => item.scopes.length > 0)
        .map((item) => ({ usedBy: usedBy(item), scopes: item.scopes }));
    return [
      ...uses(this.tools.all(), (tool) => `tool "${tool.name}"`),
      ...uses(this.resources.all(), (r) => `resource "${r.uri}"`),
      ...uses(
        this.templates.all(),
        (t) => `resource template "${t.uriTemplate}"`,
      ),
      ...uses(this.prompts.all(), (prompt) => `prompt "${prompt.name}"`),
    ];
  }
}
