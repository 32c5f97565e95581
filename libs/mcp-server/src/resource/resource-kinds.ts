import {
  ResourceNotFoundError,
  ResourceTemplate as SdkResourceTemplate,
} from '@modelcontextprotocol/server';
import {
  RESOURCE_METADATA,
  RESOURCE_TEMPLATE_METADATA,
} from '../mcp-server.constants.js';
import { completerCallbacks } from '../completion/completer-callback.js';
import {
  normalizedUri,
  parsedUriTemplate,
} from '../item/declaration-checks.js';
import { toProtocolError } from '../item/handler-failure.js';
import {
  itemKind,
  type FoundHandler,
  type ItemKind,
} from '../item/item-kind.js';
import type { McpCallContext } from '../transport/call-context.js';
import type {
  ResourceOptions,
  ResourceTemplateOptions,
} from './resource-options.interface.js';
import type { ResourceRead } from './resource-read.js';
import type {
  ResourceReader,
  ResourceRegistry,
  ResourceTemplateRegistry,
} from './resource-registries.js';
import { toReadResourceResult } from './resource-result.js';
import { templateLister } from './template-list.js';

/** `@Resource()` methods become `ResourceDefinition`s. */
export function resourceKind(
  registry: ResourceRegistry,
): ItemKind<ResourceOptions> {
  return itemKind(RESOURCE_METADATA, 'resource', registry, (found) => {
    const uri = normalizedUri(found.declaredAt, found.options.uri);
    return { uri, read: reader(found, `Resource "${uri}"`) };
  });
}

/** `@ResourceTemplate()` methods become `ResourceTemplateDefinition`s with their completers and lister. */
export function resourceTemplateKind(
  registry: ResourceTemplateRegistry,
  callContext: McpCallContext,
): ItemKind<ResourceTemplateOptions> {
  return itemKind(
    RESOURCE_TEMPLATE_METADATA,
    'resource template',
    registry,
    (found) => {
      const { uriTemplate } = found.options;
      const complete = completerCallbacks(
        found,
        `resource template "${uriTemplate}"`,
        callContext,
      );
      const parsed = parsedUriTemplate(found.declaredAt, uriTemplate);
      const list = templateLister(
        found,
        parsed,
        `resource template "${uriTemplate}"`,
        callContext,
      );
      return {
        uriTemplate,
        template: new SdkResourceTemplate(parsed, { list, complete }),
        read: reader(found, `Resource template "${uriTemplate}"`),
      };
    },
  );
}

function reader(
  found: FoundHandler<{ mimeType?: string }>,
  what: string,
): ResourceReader {
  return async (request, uri, variables, extra) => {
    const read: ResourceRead = { uri, variables, extra };
    try {
      return toReadResourceResult(
        await found.invoke(request, read),
        uri,
        found.options.mimeType,
      );
    } catch (error) {
      throw toProtocolError(
        what,
        error,
        () => new ResourceNotFoundError(uri.href),
      );
    }
  };
}
