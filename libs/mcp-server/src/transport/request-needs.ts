/**
 * What one POST body asks a server for, as far as registering items goes: the kinds a one-request
 * server must hold items of, and for the methods that name an item, which one. A server built
 * for an exchange registers only these (lookups by name, never a walk over the registries), so a
 * `tools/call` costs the same with 3 tools or with 100.
 */
export type RequestNeeds =
  /** Not one JSON-RPC request (a 2025-03-26 batch, no body): every item the caller may see. */
  | { readonly kind: 'everything' }
  /** A method that names no item and lists nothing (`initialize`, `server/discover`, `ping`, a notification …). */
  | { readonly kind: 'nothing' }
  | { readonly kind: 'tools/list' }
  | { readonly kind: 'tools/call'; readonly name: string | undefined }
  | { readonly kind: 'resources/list' }
  | { readonly kind: 'resources/templates/list' }
  | { readonly kind: 'resources/read'; readonly uri: string | undefined }
  | { readonly kind: 'prompts/list' }
  | { readonly kind: 'prompts/get'; readonly name: string | undefined }
  | {
      readonly kind: 'completion/complete';
      readonly prompt: string | undefined;
      readonly uri: string | undefined;
    };

const EVERYTHING: RequestNeeds = { kind: 'everything' };
const NOTHING: RequestNeeds = { kind: 'nothing' };

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** What `body` (a parsed JSON-RPC POST body) needs registered to be answered as a full server would. */
export function requestNeeds(body: unknown): RequestNeeds {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return EVERYTHING;
  const { method, params } = body as {
    method?: unknown;
    params?: Record<string, unknown>;
  };
  if (typeof method !== 'string') return NOTHING; // a JSON-RPC response
  const args = typeof params === 'object' && params !== null ? params : {};
  switch (method) {
    case 'tools/list':
    case 'resources/list':
    case 'resources/templates/list':
    case 'prompts/list':
      return { kind: method };
    case 'tools/call':
    case 'prompts/get':
      return { kind: method, name: text(args.name) };
    case 'resources/read':
      return { kind: method, uri: text(args.uri) };
    case 'completion/complete': {
      const ref = (args.ref ?? {}) as Record<string, unknown>;
      return {
        kind: method,
        prompt: ref.type === 'ref/prompt' ? text(ref.name) : undefined,
        uri: ref.type === 'ref/resource' ? text(ref.uri) : undefined,
      };
    }
    default:
      return NOTHING;
  }
}

/** `uri` as the SDK keys resources (`new URL(uri).href`), or `undefined` when it is no URL. */
export function resourceKeyOf(uri: string): string | undefined {
  try {
    return new URL(uri).href;
  } catch {
    return undefined;
  }
}
