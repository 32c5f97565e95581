/**
 * The boot self-check's own requests to the application (through a loopback relay) carry this
 * in-process mark, which no network input can set, so that the rejection log leaves them out:
 * an operator should not read the check's unauthenticated probe as a refused client.
 */
const SELF_CHECK_PROBE = Symbol('mcp-auth:self-check-probe');

type Marked = Record<symbol, unknown> & { raw?: unknown };

/** Marks `request` (a Node `IncomingMessage`) as a probe of the boot self-check. */
export function markSelfCheckProbe(request: object): void {
  (request as Marked)[SELF_CHECK_PROBE] = true;
}

/** Whether `request` (Express's, or Fastify's with the Node request in `raw`) is such a probe. */
export function isSelfCheckProbe(request: object): boolean {
  const { raw } = request as Marked;
  return (
    (request as Marked)[SELF_CHECK_PROBE] === true ||
    (typeof raw === 'object' &&
      raw !== null &&
      (raw as Marked)[SELF_CHECK_PROBE] === true)
  );
}
