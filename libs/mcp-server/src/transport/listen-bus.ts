import { Injectable } from '@nestjs/common';
import {
  InMemoryServerEventBus,
  type ServerEvent,
  type ServerEventBus,
} from '@modelcontextprotocol/server';
import type { ResourceOwner } from '@nest-mcp/auth';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  reaches,
  type ResourceUpdateTarget,
} from '../resource/update-target.js';

/** A change event for `subscriptions/listen` streams, with the identity it may reach (none: all). */
export type TargetedServerEvent = ServerEvent & {
  readonly target?: ResourceUpdateTarget;
};

type Owner = Pick<ResourceOwner, 'issuer' | 'subject'>;

/**
 * The event bus of the MCP 2026-07-28 `subscriptions/listen` streams (SDK v2 `ServerEventBus`):
 * each stream's listener is bound to the identity that opened it, and an event with a `target`
 * reaches only the streams of that identity. The target is a plain field of the event, so a bus
 * over a shared pub/sub carries it to the other replicas unchanged.
 */
@Injectable()
export class ListenBus implements ServerEventBus {
  private readonly inner: ServerEventBus = new InMemoryServerEventBus();
  private readonly opener = new AsyncLocalStorage<Owner | undefined>();

  /** Runs `serve` (one `subscriptions/listen` request) as `owner`: its stream listens as them. */
  within<T>(owner: Owner | undefined, serve: () => T): T {
    return this.opener.run(owner, serve);
  }

  publish(event: TargetedServerEvent): void {
    this.inner.publish(event);
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    const owner = this.opener.getStore();
    return this.inner.subscribe((event: TargetedServerEvent) => {
      if (reaches(event.target, owner)) listener(event);
    });
  }
}
