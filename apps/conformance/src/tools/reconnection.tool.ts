import { Injectable } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { Tool, type ToolCall, ToolExtra } from '@nest-mcp/server';

/** How long the tool keeps working after closing its stream; the client reconnects meanwhile. */
const WORK_AFTER_CLOSE_MS = 200;

/**
 * `test_reconnection`: closes the SSE stream of its own call before answering (SSE polling,
 * SEP-1699); the client reconnects with `Last-Event-ID` and receives the result on the resumed
 * stream. Needs `resumableStreams`; the SDK offers `closeSSE` to clients of MCP >= 2025-11-25.
 */
@Injectable()
export class ReconnectionTool {
  @Tool({
    name: 'test_reconnection',
    description:
      'Closes the SSE stream of this call mid-call, then answers on the resumed stream.',
  })
  async reconnection(@ToolExtra() extra: ToolCall['extra']): Promise<string> {
    const closeSSE = extra.http?.closeSSE;
    closeSSE?.();
    await delay(WORK_AFTER_CLOSE_MS);
    return closeSSE
      ? 'Reconnection test completed successfully'
      : 'Completed without closing the stream (this client cannot resume it)';
  }
}
