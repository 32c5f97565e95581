import { isLoopbackHost } from '@nest-mcp/auth';

/**
 * Decides whether a browser `Origin` may call the endpoint (MCP Streamable HTTP: servers MUST
 * validate `Origin` to stop DNS rebinding). `*` in the list allows every origin.
 */
export class OriginPolicy {
  private readonly exact: ReadonlySet<string>;
  private readonly any: boolean;
  private readonly loopback: boolean;

  constructor(
    allowed: readonly string[] | undefined,
    resource: string | undefined,
  ) {
    const list = allowed ?? (resource ? [new URL(resource).origin] : []);
    this.any = list.includes('*');
    this.exact = new Set(list);
    this.loopback = allowed === undefined;
  }

  /** True when `origin` is allowed; by default the resource's origin and any loopback origin are. */
  allows(origin: string): boolean {
    if (this.any || this.exact.has(origin)) return true;
    if (!this.loopback) return false;
    try {
      const url = new URL(origin);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        isLoopbackHost(url.hostname)
      );
    } catch {
      return false;
    }
  }
}
