import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { McpCall } from './mcp-call.js';

/**
 * The call being served, for the callbacks the SDK runs without a request context (completers
 * of `completion/complete`): the endpoint serves each HTTP request inside `run`.
 */
@Injectable()
export class McpCallContext {
  private readonly storage = new AsyncLocalStorage<McpCall>();

  /** Runs `serve` with `call` as the current call. */
  run<T>(call: McpCall, serve: () => T): T {
    return this.storage.run(call, serve);
  }

  /** The call being served, if any. */
  current(): McpCall | undefined {
    return this.storage.getStore();
  }
}
