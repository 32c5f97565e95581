import { Injectable } from '@nestjs/common';
import { PromptRegistry } from '../prompt/prompt-registry.js';
import {
  ResourceRegistry,
  ResourceTemplateRegistry,
} from '../resource/resource-registries.js';
import { ToolRegistry } from '../tool/tool-registry.js';
import type { ItemUse } from '../transport/json-rpc-messages.js';

/**
 * The scopes a use of an item needs, found as the SDK finds the item: a tool or prompt by name, a
 * resource by its URI (`new URL(uri).href`) or else the first template matching it, a completion's
 * template by its URI template. Unknown items need none (the SDK answers them as unknown).
 */
@Injectable()
export class ItemScopes {
  constructor(
    private readonly tools: ToolRegistry,
    private readonly resources: ResourceRegistry,
    private readonly templates: ResourceTemplateRegistry,
    private readonly prompts: PromptRegistry,
  ) {}

  neededFor(use: ItemUse): readonly string[] {
    switch (use.kind) {
      case 'tool':
        return this.tools.get(use.name)?.scopes ?? [];
      case 'prompt':
        return this.prompts.get(use.name)?.scopes ?? [];
      case 'resource template':
        return this.templates.get(use.uriTemplate)?.scopes ?? [];
      case 'resource': {
        const href = hrefOf(use.uri);
        if (href === undefined) return [];
        return (
          this.resources.get(href)?.scopes ??
          this.templates.matching(href)?.scopes ??
          []
        );
      }
    }
  }
}

function hrefOf(uri: string): string | undefined {
  try {
    return new URL(uri).href;
  } catch {
    return undefined; // the SDK refuses an invalid URI before any handler runs
  }
}
