import type { ServerContext } from '@modelcontextprotocol/server';

/**
 * Reports the progress of the current tool call: `progress` (increasing with every call) and,
 * when known, `total` and a human-readable `message`. A no-op when the request carried no
 * `_meta.progressToken` (the client did not ask for progress).
 */
export type ProgressReporter = (
  progress: number,
  total?: number,
  message?: string,
) => Promise<void>;

/**
 * The reporter of one request: `notifications/progress` to the request's `progressToken`
 * (MCP "Progress", both eras), sent as a notification related to that request, so it travels
 * on the request's own response stream (2026-07-28: request-scoped notifications).
 */
export function progressReporterOf(ctx: ServerContext): ProgressReporter {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  if (progressToken === undefined) return () => Promise.resolve();
  return (progress, total, message) =>
    ctx.mcpReq.notify({
      method: 'notifications/progress',
      params: {
        progressToken,
        progress,
        ...(total !== undefined && { total }),
        ...(message !== undefined && { message }),
      },
    });
}
