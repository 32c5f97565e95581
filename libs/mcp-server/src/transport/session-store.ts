import type { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { ItemServer } from './mcp-server.factory.js';
import type { SessionIdle } from './session-idle.js';

/** One stateful MCP session, bound to the identity that created it. */
export interface McpSession {
  readonly transport: NodeStreamableHTTPServerTransport;
  readonly items: ItemServer;
  /** `issuer` + `subject` of the creator, or `undefined` on an unauthenticated server. */
  readonly identity: string | undefined;
  /** Closes the session once no request of it has been open for the idle timeout. */
  readonly idle: SessionIdle;
}

/** Why a new session cannot be opened now. */
export type NoRoom = 'server-full' | 'identity-full';

/**
 * In-memory sessions of stateful mode, at most `max` in all and `maxPerIdentity` per identity.
 * Sessions being opened hold their place (`reserve`) until `initialize` is answered, so that
 * concurrent `initialize` requests cannot overshoot either bound.
 */
export class SessionStore {
  private readonly sessions = new Map<string, McpSession>();
  private readonly perIdentity = new Map<string | undefined, number>();
  private reserved = 0;

  constructor(
    private readonly max: number,
    private readonly maxPerIdentity: number,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /**
   * Holds a place for a session of `identity`: the function that gives it back (once the session
   * was added, or failed to open), or why there is no room. An unauthenticated server has no
   * per-identity bound.
   */
  reserve(identity: string | undefined): (() => void) | NoRoom {
    if (this.sessions.size + this.reserved >= this.max) return 'server-full';
    const held = this.perIdentity.get(identity) ?? 0;
    if (identity !== undefined && held >= this.maxPerIdentity)
      return 'identity-full';
    this.reserved++;
    this.perIdentity.set(identity, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved--;
      this.release(identity);
    };
  }

  /** The session `id` when it exists and belongs to `identity`; another identity sees none. */
  find(id: string, identity: string | undefined): McpSession | undefined {
    const session = this.sessions.get(id);
    return session && session.identity === identity ? session : undefined;
  }

  /** Adds an opened session; it counts for its identity until `remove`. */
  add(id: string, session: McpSession): void {
    this.sessions.set(id, session);
    this.perIdentity.set(
      session.identity,
      (this.perIdentity.get(session.identity) ?? 0) + 1,
    );
  }

  remove(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    session.idle.stop();
    this.release(session.identity);
  }

  /** Closes every session (application shutdown). */
  async closeAll(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    this.perIdentity.clear();
    for (const session of open) session.idle.stop();
    await Promise.allSettled(open.map((session) => session.transport.close()));
  }

  private release(identity: string | undefined): void {
    const left = (this.perIdentity.get(identity) ?? 1) - 1;
    if (left > 0) this.perIdentity.set(identity, left);
    else this.perIdentity.delete(identity);
  }
}
