import { McpServer } from '@modelcontextprotocol/server';

/** The list methods whose results depend only on which items a caller may see. */
export type ListMethod =
  'tools/list' | 'resources/list' | 'resources/templates/list' | 'prompts/list';

/** Most visible sets whose lists are kept, per list method (least recently used ones go first). */
export const MAX_CACHED_VISIBLE_SETS = 64;

type Listing = Record<string, unknown>;
type ListHandler = (request: object, ctx: unknown) => unknown;

/**
 * List results computed once per visible set (the items a caller may see, which depends on their
 * scopes) and reused: a set's list is built by the SDK's own list handler on a scratch `McpServer`
 * holding exactly those items, so it reads as the SDK would list them (schemas converted, prompt
 * arguments derived), frozen, and served to every later caller with the same visible set. At most
 * `MAX_CACHED_VISIBLE_SETS` sets per method are kept; `version` changing (items added) empties it.
 */
export class ListResults {
  private readonly cached = new Map<
    ListMethod,
    Map<string, Promise<Listing>>
  >();
  private version: unknown;

  /**
   * The `method` result for the visible set `key` (at registry state `version`); on a miss,
   * `register` puts that set's items on a scratch server whose list handler computes it.
   */
  get(
    method: ListMethod,
    key: string,
    version: unknown,
    register: (server: McpServer) => void,
  ): Promise<Listing> {
    if (version !== this.version) {
      this.cached.clear();
      this.version = version;
    }
    let sets = this.cached.get(method);
    if (!sets) this.cached.set(method, (sets = new Map()));
    let listing = sets.get(key);
    if (listing) {
      // Most recently used last: the first key is the one to drop.
      sets.delete(key);
      sets.set(key, listing);
      return listing;
    }
    listing = harvest(method, register);
    sets.set(key, listing);
    // A failed listing is not kept: the next caller tries again.
    listing.catch(() => sets.delete(key));
    if (sets.size > MAX_CACHED_VISIBLE_SETS)
      sets.delete(sets.keys().next().value as string);
    return listing;
  }
}

/** `method`'s result from the handler the SDK's `McpServer` installs for it, as JSON, deep-frozen. */
async function harvest(
  method: ListMethod,
  register: (server: McpServer) => void,
): Promise<Listing> {
  const scratch = new McpServer({ name: 'list', version: '0' });
  const handlers = new Map<string, ListHandler>();
  const sdk = scratch.server;
  const install = sdk.setRequestHandler.bind(sdk);
  // The handler as McpServer installs it (before the protocol layer wraps it for a transport).
  sdk.setRequestHandler = ((name: string, ...rest: unknown[]) => {
    handlers.set(name, rest[rest.length - 1] as ListHandler);
    return (install as (...args: unknown[]) => unknown)(name, ...rest);
  }) as typeof sdk.setRequestHandler;
  register(scratch);
  const handler = handlers.get(method);
  const listing = handler
    ? ((await handler({ method, params: {} }, undefined)) as Listing)
    : emptyListing(method);
  // Its wire form (what JSON makes of it), so a later change to an item's options cannot leak in.
  return deepFreeze(JSON.parse(JSON.stringify(listing)) as Listing);
}

/** The result of a list with nothing to list (no item of that kind visible). */
function emptyListing(method: ListMethod): Listing {
  switch (method) {
    case 'tools/list':
      return { tools: [] };
    case 'resources/list':
      return { resources: [] };
    case 'resources/templates/list':
      return { resourceTemplates: [] };
    case 'prompts/list':
      return { prompts: [] };
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
