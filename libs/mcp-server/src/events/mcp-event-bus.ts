import type { ServerEvent } from '@modelcontextprotocol/server';
import type { ResourceUpdateTarget } from '../resource/update-target.js';

/**
 * A change event of the server (SDK v2 `ServerEvent`: a list change or a resource update), with
 * the identity it may reach (`target`; none: everyone). The target is a plain field, so a bus over
 * a shared pub/sub carries it to the other replicas unchanged.
 *
 * @publicApi
 */
export type McpEvent = ServerEvent & {
  readonly target?: ResourceUpdateTarget;
};

/**
 * Where the server's change events go and come from: the MCP 2026-07-28 `subscriptions/listen`
 * streams and the 2025-era sessions of this process subscribe to it, and `ResourceUpdates`
 * publishes to it. The default (`InMemoryServerEventBus` of SDK v2) reaches this process only; a
 * bus over a shared pub/sub (e.g. `@nest-mcp/redis`'s) reaches every replica. Same contract as SDK
 * v2's `ServerEventBus`: `publish` delivers to this process's listeners at once (never throws, and
 * does not echo to a listener that publishes from inside its own call), other replicas as soon as
 * they can.
 *
 * @publicApi
 */
export interface McpEventBus {
  /** Delivers `event` to every listener, here and (for a shared bus) on the other replicas. */
  publish(event: McpEvent): void;
  /** Registers a listener; returns an idempotent unsubscribe function. */
  subscribe(listener: (event: McpEvent) => void): () => void;
  /** Stops taking events from other replicas (application shutdown); optional. */
  close?(): void | Promise<void>;
}

/**
 * Injection token of the `McpEventBus` of `McpServerModule` (set with its `eventBus` extra).
 *
 * @publicApi
 */
export const MCP_EVENT_BUS = Symbol('MCP_EVENT_BUS');
