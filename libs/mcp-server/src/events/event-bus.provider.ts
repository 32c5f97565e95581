import type { InjectionToken, Provider } from '@nestjs/common';
import { InMemoryServerEventBus } from '@modelcontextprotocol/server';
import { MCP_EVENT_BUS, type McpEventBus } from './mcp-event-bus.js';

/**
 * The `eventBus` extra of `McpServerModule.forRoot()` / `forRootAsync()`: builds the bus shared by
 * replicas (e.g. `@nest-mcp/redis`'s `redisEventBus`) from the providers named in `inject`, which
 * must be visible to the module (a global module, or `imports`).
 *
 * @publicApi
 */
export interface McpEventBusSpec {
  /** Providers passed to `useFactory`. */
  readonly inject?: InjectionToken[];
  /** The bus, from the injected providers. */
  useFactory(
    // Nest's own provider factories take any injected value.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    ...injected: any[]
  ): McpEventBus | Promise<McpEventBus>;
}

/** The module's default `MCP_EVENT_BUS`: this process only. */
export const inMemoryEventBusProvider: Provider = {
  provide: MCP_EVENT_BUS,
  useFactory: (): McpEventBus => new InMemoryServerEventBus(),
};

/** `MCP_EVENT_BUS` from the `eventBus` extra (registered after, so it replaces the default). */
export function eventBusProvider(spec: McpEventBusSpec): Provider {
  return {
    provide: MCP_EVENT_BUS,
    inject: spec.inject ?? [],
    useFactory: (...injected: unknown[]) => spec.useFactory(...injected),
  };
}
