import { Injectable } from '@nestjs/common';
import type {
  ReadResourceResult,
  ResourceTemplate as SdkResourceTemplate,
  ServerContext,
  Variables,
} from '@modelcontextprotocol/server';
import { ItemRegistry } from '../item/item-registry.js';
import type { McpItem } from '../item/mcp-item.js';
import type {
  ResourceOptions,
  ResourceTemplateOptions,
} from './resource-options.interface.js';

/** Reads a resource through its Nest handler: the result, or the JSON-RPC error to answer. */
export type ResourceReader = (
  request: object,
  uri: URL,
  variables: Variables,
  extra: ServerContext,
) => Promise<ReadResourceResult>;

/** A discovered `@Resource()`. */
export interface ResourceDefinition extends McpItem {
  /** Its URI as the SDK looks it up (`new URL(uri).href`). */
  readonly uri: string;
  readonly options: ResourceOptions;
  readonly read: ResourceReader;
}

/** A discovered `@ResourceTemplate()`. */
export interface ResourceTemplateDefinition extends McpItem {
  readonly uriTemplate: string;
  readonly options: ResourceTemplateOptions;
  /** The SDK template (parsed once, with its completers), shared by every server. */
  readonly template: SdkResourceTemplate;
  readonly read: ResourceReader;
}

/** All `@Resource()`s of the application; URIs are unique. */
@Injectable()
export class ResourceRegistry extends ItemRegistry<ResourceDefinition> {
  constructor() {
    super('resource', [{ label: 'URIs', of: (resource) => resource.uri }]);
  }
}

/**
 * All `@ResourceTemplate()`s of the application; URI templates and names (the SDK's key) are
 * unique. `all()` is in URI-template order, the order in which a URI is matched against them.
 */
@Injectable()
export class ResourceTemplateRegistry extends ItemRegistry<ResourceTemplateDefinition> {
  constructor() {
    super('resource template', [
      { label: 'URI templates', of: (template) => template.uriTemplate },
      { label: 'names', of: (template) => template.options.name },
    ]);
  }

  /** The first template (in `all()` order) matching `uri`, as the SDK's `resources/read` finds it. */
  matching(uri: string): ResourceTemplateDefinition | undefined {
    return this.all().find((definition) => {
      try {
        return definition.template.uriTemplate.match(uri) !== null;
      } catch {
        return false; // too long to match: the SDK refuses the read itself
      }
    });
  }
}
