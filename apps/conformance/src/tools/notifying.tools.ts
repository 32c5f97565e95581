import { Injectable } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type ProgressReporter,
  Tool,
  type ToolCall,
  ToolExtra,
  ToolProgress,
} from '@nest-mcp/server';

/** Pause between the notifications of one call, so they arrive while the call runs. */
const STEP_MS = 50;

/** Tools that notify the client while they run: log messages and progress. */
@Injectable()
export class NotifyingTools {
  @Tool({
    name: 'test_tool_with_logging',
    description: 'Sends three info log messages while it runs.',
  })
  async logging(@ToolExtra() extra: ToolCall['extra']): Promise<string> {
    // The SDK filters by era: 2025 by logging/setLevel, 2026-07-28 by the level in the request's _meta.
    await extra.mcpReq.log('info', 'Tool execution started');
    await delay(STEP_MS);
    await extra.mcpReq.log('info', 'Tool processing data');
    await delay(STEP_MS);
    await extra.mcpReq.log('info', 'Tool execution completed');
    return 'Logged three messages.';
  }

  @Tool({
    name: 'test_tool_with_progress',
    description:
      'Reports progress 0, 50 and 100 of 100 when the request has a progress token.',
  })
  async progress(@ToolProgress() progress: ProgressReporter): Promise<string> {
    await progress(0, 100);
    await delay(STEP_MS);
    await progress(50, 100);
    await delay(STEP_MS);
    await progress(100, 100);
    return 'Reported progress to 100 of 100.';
  }
}
