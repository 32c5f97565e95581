import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ServerEvent, ServerEventBus } from '@modelcontextprotocol/server';
import type { ResourceOwner } from '@nest-mcp/auth';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  MCP_EVENT_BUS,
  type McpEvent,
  type McpEventBus,
} from '../events/mcp-event-bus.js';
import { reaches } from '../resource/update-target.js';

/** A change event for `subscriptions/listen` streams, with the identity it may reach (none: all). */
export type TargetedServerEvent = McpEvent;

type Owner = Pick<ResourceOwner, 'issuer' | 'subject'>;

/**
 * The change events of the server (SDK v2 `ServerEventBus`), for the MCP 2026-07-28
 * `subscriptions/listen` streams and the 2025-era sessions alike: each listen stream's listener is
 * bound to the identity that opened it, and an event with a `target` reaches only the streams of
 * that identity (`ResourceUpdates` filters its sessions the same way, through `subscribeAll`). The
 * target is a plain field of the event, so the module's `McpEventBus` (`MCP_EVENT_BUS`: this
 * process, or a shared pub/sub) carries it to the other replicas unchanged.
 */
@Injectable()
export class ListenBus implements ServerEventBus, OnModuleDestroy {
  private readonly opener = new AsyncLocalStorage<Owner | undefined>();

  constructor(@Inject(MCP_EVENT_BUS) private readonly inner: McpEventBus) {}

  /** Runs `serve` (one `subscriptions/listen` request) as `owner`: its stream listens as them. */
  within<T>(owner: Owner | undefined, serve: () => T): T {
    return this.opener.run(owner, serve);
  }

  publish(event: TargetedServerEvent): void {
    this.inner.publish(event);
  }

  /** Every event, whoever it targets (for a consumer that filters per recipient itself). */
  subscribeAll(listener: (event: TargetedServerEvent) => void): () => void {
    return this.inner.subscribe(listener);
  }

  /** A listen stream's listener: only the events that may reach the identity serving it now. */
  subscribe(listener: (event: ServerEvent) => void): () => void {
    const owner = this.opener.getStore();
    return this.inner.subscribe((event: TargetedServerEvent) => {
      if (reaches(event.target, owner)) listener(event);
    });
  }

  /** Stops taking events from other replicas (the bus's `close`). */
  async onModuleDestroy(): Promise<void> {
    await this.inner.close?.();
  }
}
