/** A JSON-RPC request as far as routing needs it. */
interface JsonRpcRequestLike {
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

/** What one request asks to use, as far as its scopes go. */
export type ItemUse =
  | { readonly kind: 'tool'; readonly name: string }
  | { readonly kind: 'resource'; readonly uri: string }
  | { readonly kind: 'resource template'; readonly uriTemplate: string }
  | { readonly kind: 'prompt'; readonly name: string };

/** The JSON-RPC requests in a POST body (one message or a 2025-03-26 batch); anything else is skipped. */
function requestsIn(body: unknown): JsonRpcRequestLike[] {
  const messages = Array.isArray(body) ? body : [body];
  return messages.filter(
    (message): message is JsonRpcRequestLike =>
      typeof message === 'object' &&
      message !== null &&
      typeof (message as { method?: unknown }).method === 'string',
  );
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/**
 * The item one request uses: `tools/call`, `resources/read` (and `resources/subscribe`, which needs
 * what reading needs), `prompts/get`, `completion/complete`.
 */
function useOf({ method, params }: JsonRpcRequestLike): ItemUse | undefined {
  const name = text(params?.name);
  switch (method) {
    case 'tools/call':
      return name === undefined ? undefined : { kind: 'tool', name };
    case 'prompts/get':
      return name === undefined ? undefined : { kind: 'prompt', name };
    case 'resources/read':
    case 'resources/subscribe': {
      const uri = text(params?.uri);
      return uri === undefined ? undefined : { kind: 'resource', uri };
    }
    case 'completion/complete': {
      const ref = params?.ref as Record<string, unknown> | undefined;
      if (ref?.type === 'ref/prompt' && text(ref.name) !== undefined)
        return { kind: 'prompt', name: ref.name as string };
      if (ref?.type === 'ref/resource' && text(ref.uri) !== undefined)
        return { kind: 'resource template', uriTemplate: ref.uri as string };
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The tools, resources and prompts a body asks to use (a completion uses its prompt or template).
 * The body decides, never the `Mcp-Name` header: the SDK refuses a header that disagrees with it
 * (-32020) before any handler runs.
 */
export function usedItems(body: unknown): ItemUse[] {
  return requestsIn(body).flatMap((request) => {
    if (request.method === 'subscriptions/listen') return listenedTo(request);
    const use = useOf(request);
    return use === undefined ? [] : [use];
  });
}

/**
 * The resources an MCP 2026-07-28 `subscriptions/listen` asks updates of (`resourceSubscriptions`):
 * subscribing needs what reading needs, as `resources/subscribe` does in the 2025 era.
 */
function listenedTo({ params }: JsonRpcRequestLike): ItemUse[] {
  const notifications = params?.notifications as
    { resourceSubscriptions?: unknown } | undefined;
  const uris = notifications?.resourceSubscriptions;
  if (!Array.isArray(uris)) return [];
  return uris
    .filter((uri): uri is string => typeof uri === 'string')
    .map((uri) => ({ kind: 'resource', uri }));
}
