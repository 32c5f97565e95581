import type { ServerResponse } from 'node:http';

/** Longest delay `setTimeout` takes (about 24.8 days); later expiries are checked again then. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Ends `res` when the token that opened it expires (`exp` plus the clock tolerance it was accepted
 * with): a long-lived answer (an SSE stream) never outlives its credentials; the client reconnects
 * with a fresh token. The timer goes when `res` closes first.
 */
export function endWithToken(
  res: ServerResponse,
  expiresAt: number | undefined,
  toleranceSeconds: number,
): void {
  if (expiresAt === undefined || !Number.isFinite(expiresAt)) return;
  const endAt = (expiresAt + toleranceSeconds) * 1000;
  let timer: NodeJS.Timeout;
  const arm = () => {
    const delay = endAt - Date.now();
    if (delay <= 0) {
      res.destroy();
      return;
    }
    timer = setTimeout(arm, Math.min(delay, MAX_DELAY_MS));
    timer.unref();
  };
  arm();
  res.once('close', () => clearTimeout(timer));
}
