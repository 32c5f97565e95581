import type { ItemRegistry } from './item-registry.js';
import type { HandlerInvoker, McpItem } from './mcp-item.js';

/** A decorated method the explorer found, ready to become an item of some kind. */
export interface FoundHandler<O> {
  /** The decorator's options. */
  readonly options: O;
  /** `Class.method`, for error messages. */
  readonly declaredAt: string;
  /** The decorator's `scopes` and `@RequireScopes()` on the method or its class, deduplicated. */
  readonly scopes: readonly string[];
  /** Runs the method through Nest's enhancers. */
  readonly invoke: HandlerInvoker;
  /** Runs another method of the same provider (a completer) the same way; a boot error if absent. */
  readonly invokerOf: (method: string, usedBy: string) => HandlerInvoker;
}

/**
 * One kind of item the explorer looks for (tools, resources, resource templates, prompts): the
 * metadata its decorator sets, and how a found method becomes a registered item.
 */
export interface ItemKind<O> {
  /** Metadata key set by the decorator. */
  readonly metadataKey: string;
  /** The kind as messages name it (`tool`, `resource template`). */
  readonly label: string;
  /** Adds the item to its registry (which refuses duplicates). */
  register(found: FoundHandler<O>): void;
  /** The names of the registered items, for the boot log line. */
  registered(): readonly string[];
}

/** What a kind's definitions add to the declaration, its scopes and its place. */
export type DefinitionExtras<D> = Omit<D, keyof McpItem | 'options'>;

/**
 * The `ItemKind` (decorator `metadataKey`, `label` for messages) whose definitions are the found
 * declaration (`options`, `scopes`, `declaredAt`) plus what `define` adds, kept in `registry`.
 */
export function itemKind<O, D extends McpItem & { readonly options: O }>(
  metadataKey: string,
  label: string,
  registry: ItemRegistry<D>,
  define: (found: FoundHandler<O>) => DefinitionExtras<D>,
): ItemKind<O> {
  return {
    metadataKey,
    label,
    register: (found) =>
      registry.add({
        options: found.options,
        scopes: found.scopes,
        declaredAt: found.declaredAt,
        ...define(found),
      } as D),
    registered: () => registry.keys(),
  };
}
