import type {
  ListResourcesCallback,
  Resource,
  UriTemplate,
} from '@modelcontextprotocol/server';
import { toProtocolError } from '../item/handler-failure.js';
import type { FoundHandler } from '../item/item-kind.js';
import type { McpCallContext } from '../transport/call-context.js';

/** One resource a template's `list` method names: its URI (matching the template) and what is listed. */
export type ListedResource = Pick<
  Resource,
  'uri' | 'name' | 'title' | 'description' | 'mimeType'
>;

/**
 * The SDK `list` callback of a template whose `list` names a method of its provider: the method
 * runs through Nest (with the HTTP request of the call being served, so `@ResourceOwner()` lists
 * the caller's own), and its answer becomes part of `resources/list`. An answer that is not an
 * array of `{ uri, name? }` with every `uri` matching the template is a broken promise: answered
 * as an internal error and logged, never listed.
 */
export function templateLister(
  found: FoundHandler<{ list?: string }>,
  template: UriTemplate,
  usedBy: string,
  callContext: McpCallContext,
): ListResourcesCallback | undefined {
  const method = found.options.list;
  if (method === undefined) return undefined;
  const run = found.invokerOf(method, `${usedBy} list`);
  callContext.keep();
  return async () => {
    try {
      const listed = await run(callContext.current()?.request ?? {}, {});
      return { resources: listedResources(listed, template) };
    } catch (error) {
      throw toProtocolError(`Listing of ${usedBy}`, error);
    }
  };
}

/** `listed` checked: an array of `{ uri, name? }` (name defaults to the URI) of this template. */
export function listedResources(
  listed: unknown,
  template: UriTemplate,
): ListedResource[] {
  if (!Array.isArray(listed)) {
    throw new TypeError('a template list method must return an array');
  }
  return listed.map((entry: unknown) => {
    const resource = entry as Partial<ListedResource> | null;
    if (
      typeof resource !== 'object' ||
      resource === null ||
      typeof resource.uri !== 'string' ||
      (resource.name !== undefined && typeof resource.name !== 'string')
    ) {
      throw new TypeError(
        'a template list method must return { uri, name? } objects',
      );
    }
    if (template.match(resource.uri) === null) {
      throw new TypeError(
        `a listed URI does not match the template ${template.toString()}`,
      );
    }
    const { uri, name, title, description, mimeType } = resource;
    return {
      uri,
      name: name ?? uri,
      ...(title === undefined ? {} : { title }),
      ...(description === undefined ? {} : { description }),
      ...(mimeType === undefined ? {} : { mimeType }),
    };
  });
}
