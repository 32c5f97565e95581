import type { ServerResponse } from 'node:http';
import type { ResolvedMcpServerOptions } from '../mcp-server-options.interface.js';

/** A `subscriptions/listen` request (MCP 2026-07-28), as far as the limits read it. */
interface ListenRequest {
  readonly id?: unknown;
  readonly method: 'subscriptions/listen';
  readonly params?: {
    readonly notifications?: { readonly resourceSubscriptions?: unknown };
  };
}

/** True for a `subscriptions/listen` request body. */
export function isListenRequest(body: unknown): body is ListenRequest {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { method?: unknown }).method === 'subscriptions/listen'
  );
}

/**
 * Per-identity bounds of `subscriptions/listen` streams: at most `maxListenStreamsPerIdentity`
 * open per identity (the SDK bounds them all with `maxListenStreams`), each asking for at most
 * `maxSubscriptionsPerSession` resource URIs of at most `maxResourceUriLength` characters.
 */
export class ListenLimits {
  private readonly open = new Map<string, number>();

  constructor(private readonly options: ResolvedMcpServerOptions) {}

  /**
   * Admits the stream `res` opens for `identity` (its slot is freed when `res` closes), or returns
   * the JSON-RPC error to answer instead.
   */
  admit(
    request: ListenRequest,
    identity: string | undefined,
    res: ServerResponse,
  ): object | undefined {
    const refusal = this.filterRefusal(request);
    if (refusal) return error(request, -32602, refusal);
    if (identity === undefined) return undefined;
    const max = this.options.maxListenStreamsPerIdentity;
    const count = this.open.get(identity) ?? 0;
    if (count >= max) {
      return error(
        request,
        -32000,
        `Too many open subscriptions/listen streams for this identity (limit ${max}); close one before opening another`,
      );
    }
    this.open.set(identity, count + 1);
    res.once('close', () => {
      const left = (this.open.get(identity) ?? 1) - 1;
      if (left > 0) this.open.set(identity, left);
      else this.open.delete(identity);
    });
    return undefined;
  }

  /** Why the requested resource URIs are refused, if they are. */
  private filterRefusal(request: ListenRequest): string | undefined {
    const uris = request.params?.notifications?.resourceSubscriptions;
    if (!Array.isArray(uris)) return undefined;
    const { maxSubscriptionsPerSession, maxResourceUriLength } = this.options;
    if (uris.length > maxSubscriptionsPerSession) {
      return `Invalid params: at most ${maxSubscriptionsPerSession} resourceSubscriptions per stream`;
    }
    if (uris.some((uri) => String(uri).length > maxResourceUriLength)) {
      return `Invalid params: a resource URI is longer than ${maxResourceUriLength} characters`;
    }
    return undefined;
  }
}

function error(request: ListenRequest, code: number, message: string) {
  const id =
    typeof request.id === 'string' || typeof request.id === 'number'
      ? request.id
      : null;
  return { jsonrpc: '2.0', id, error: { code, message } };
}
