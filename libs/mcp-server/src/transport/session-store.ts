import type { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { ItemServer } from './mcp-server.factory.js';

/** One stateful MCP session, bound to the identity that created it. */
export interface McpSession {
  readonly transport: NodeStreamableHTTPServerTransport;
  readonly items: ItemServer;
  /** `issuer` + `subject` of the creator, or `undefined` on an unauthenticated server. */
  readonly identity: string | undefined;
}

/** In-memory sessions of stateful mode. */
export class SessionStore {
  private readonly sessions = new Map<string, McpSession>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.sessions.size;
  }

  /** True when another session may be opened. */
  hasRoom(): boolean {
    return this.sessions.size < this.max;
  }

  /** The session `id` when it exists and belongs to `identity`; another identity sees none. */
  find(id: string, identity: string | undefined): McpSession | undefined {
    const session = this.sessions.get(id);
    return session && session.identity === identity ? session : undefined;
  }

  add(id: string, session: McpSession): void {
    this.sessions.set(id, session);
  }

  remove(id: string): void {
    this.sessions.delete(id);
  }

  /** Closes every session (application shutdown). */
  async closeAll(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(open.map((session) => session.transport.close()));
  }
}
