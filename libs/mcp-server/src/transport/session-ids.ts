import { randomUUID } from 'node:crypto';

/**
 * A replica id: 1-32 letters, digits, `_` or `-`. It prefixes session ids (`<replicaId>.<uuid>`),
 * so it must be safe in an HTTP header value and as an nginx `map` key; no `.` (the separator).
 *
 * @publicApi
 */
export const REPLICA_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * The generator of new session ids: `<replicaId>.<uuid>` with a replica id (a proxy routes a
 * session's requests to its replica by that prefix), a bare UUID without one. Both are visible
 * ASCII, as `Mcp-Session-Id` must be (MCP 2025-11-25, Streamable HTTP "Session Management").
 */
export function sessionIdGenerator(
  replicaId: string | undefined,
): () => string {
  return replicaId === undefined
    ? () => randomUUID()
    : () => `${replicaId}.${randomUUID()}`;
}

/** The replica id a session id starts with (`r1` of `r1.<uuid>`), or `undefined` for a bare id. */
export function replicaOfSessionId(sessionId: string): string | undefined {
  const dot = sessionId.indexOf('.');
  return dot > 0 ? sessionId.slice(0, dot) : undefined;
}
