import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { McpCall } from './mcp-call.js';

/**
 * The call being served, for the callbacks the SDK runs without a request context (completer
 * methods of `completion/complete`): the endpoint serves each HTTP request inside `run`, which
 * keeps it only once some completer method needs it.
 */
@Injectable()
export class McpCallContext {
  private readonly storage = new AsyncLocalStorage<McpCall>();
  private kept = false;

  /** Makes `run` keep the call (a completer method was registered), at boot. */
  keep(): void {
    this.kept = true;
  }

  /** Runs `serve` with `call` as the current call. */
  run<T>(call: McpCall, serve: () => T): T {
    return this.kept ? this.storage.run(call, serve) : serve();
  }

  /** The call being served, if any. */
  current(): McpCall | undefined {
    return this.storage.getStore();
  }
}
