import { type HttpRequestLike, nodeRequestOf } from '../http/http-request.js';

/**
 * The boot self-check's own requests to the application (through a loopback relay) carry this
 * in-process mark on their Node request, which no network input can set: the rejection log leaves
 * them out (an operator should not read the check's unauthenticated probe as a refused client),
 * and the guard records on it what the route received.
 */
const SELF_CHECK_PROBE = Symbol('mcp-auth:self-check-probe');

/** What the guard saw of a probe: whether the route's request kept its raw body. */
export interface SelfCheckProbe {
  kept?: boolean;
}

type Marked = { [SELF_CHECK_PROBE]?: SelfCheckProbe };

/** Marks `request` (the relay's Node `IncomingMessage`) as a probe; its record, empty so far. */
export function markSelfCheckProbe(request: object): SelfCheckProbe {
  const probe: SelfCheckProbe = {};
  (request as Marked)[SELF_CHECK_PROBE] = probe;
  return probe;
}

/** The probe record of `request` (Express's, or Fastify's with the Node request in `raw`). */
export function selfCheckProbeOf(
  request: HttpRequestLike & object,
): SelfCheckProbe | undefined {
  return (nodeRequestOf(request) as Marked)[SELF_CHECK_PROBE];
}

/** Whether `request` is a probe of the boot self-check. */
export function isSelfCheckProbe(request: HttpRequestLike & object): boolean {
  return selfCheckProbeOf(request) !== undefined;
}
