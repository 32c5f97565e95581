import {
  Inject,
  Injectable,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import {
  type McpServer,
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
} from '@modelcontextprotocol/server';
import type { ResourceOwner } from '@nest-mcp/auth';
import { MCP_SERVER_RESOLVED_OPTIONS } from '../mcp-server.constants.js';
import type { ResolvedMcpServerOptions } from '../mcp-server-options.interface.js';
import {
  ListenBus,
  type TargetedServerEvent,
} from '../transport/listen-bus.js';
import {
  ResourceRegistry,
  ResourceTemplateRegistry,
} from './resource-registries.js';
import { reaches, type ResourceUpdateTarget } from './update-target.js';

/** The URIs one session subscribed to, its owner, and its server to notify. */
interface SessionSubscriptions {
  readonly server: McpServer;
  readonly owner: Pick<ResourceOwner, 'issuer' | 'subject'> | undefined;
  readonly uris: Set<string>;
}

/**
 * Resource subscriptions (`resourceSubscriptions`) and the way to tell subscribers a resource
 * changed: inject it and call `updated(uri, target)`. 2025-era sessions subscribe with
 * `resources/subscribe` (the scopes reading needs are checked first, like `resources/read`; only
 * the application's resources and URIs matching its templates, at most
 * `maxSubscriptionsPerSession` per session); MCP 2026-07-28 clients ask for `resourceSubscriptions`
 * on a `subscriptions/listen` stream.
 *
 * @publicApi
 */
@Injectable()
export class ResourceUpdates implements OnModuleInit, OnModuleDestroy {
  private readonly sessions = new Set<SessionSubscriptions>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly resources: ResourceRegistry,
    private readonly templates: ResourceTemplateRegistry,
    private readonly bus: ListenBus,
    @Inject(MCP_SERVER_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpServerOptions,
  ) {}

  /**
   * Sends `notifications/resources/updated` for `uri` to the sessions and listen streams subscribed
   * to it whose identity `target` names: give the identity that may read the resource (e.g. the
   * owner of a note), so that no one else learns of the change. Without `target` every subscriber
   * is told: only for resources everyone may read. URIs compare in their normal form
   * (`new URL(uri).href`). The update goes out as one event on the server's event bus, target
   * included, and each session or stream it may reach is told; resolves once it is published.
   */
  async updated(uri: string, target?: ResourceUpdateTarget): Promise<void> {
    this.bus.publish({
      kind: 'resource_updated',
      uri: new URL(uri).href,
      target,
    });
  }

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribeAll((event) => this.deliver(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Tells the 2025-era sessions subscribed to an updated resource that `event` may reach. */
  private deliver(event: TargetedServerEvent): void {
    if (event.kind !== 'resource_updated') return;
    for (const session of this.sessions) {
      if (!session.uris.has(event.uri) || !reaches(event.target, session.owner))
        continue;
      session.server.server
        .sendResourceUpdated({ uri: event.uri })
        .catch(() => undefined);
    }
  }

  /**
   * Serves subscriptions on the server of `owner`'s session (before it connects): advertises
   * `resources.subscribe` and answers the two methods. Returns what to call when the session ends.
   */
  attach(
    server: McpServer,
    owner: Pick<ResourceOwner, 'issuer' | 'subject'> | undefined,
  ): () => void {
    const session: SessionSubscriptions = { server, owner, uris: new Set() };
    server.server.registerCapabilities({ resources: { subscribe: true } });
    server.server.setRequestHandler('resources/subscribe', (request) => {
      const href = this.knownHref(request.params.uri);
      const max = this.options.maxSubscriptionsPerSession;
      if (!session.uris.has(href) && session.uris.size >= max) {
        throw new ProtocolError(
          -32000,
          `Too many resource subscriptions in this session (limit ${max}); unsubscribe from one first`,
        );
      }
      session.uris.add(href);
      return {};
    });
    server.server.setRequestHandler('resources/unsubscribe', (request) => {
      session.uris.delete(hrefOf(request.params.uri) ?? request.params.uri);
      return {};
    });
    this.sessions.add(session);
    return () => {
      this.sessions.delete(session);
    };
  }

  /** `uri` in normal form when it names a resource or matches a template; else not found. */
  private knownHref(uri: string): string {
    const max = this.options.maxResourceUriLength;
    if (uri.length > max) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Invalid params: resource URI longer than ${max} characters`,
      );
    }
    const href = hrefOf(uri);
    if (
      href === undefined ||
      (!this.resources.get(href) && !this.templates.matching(href))
    ) {
      throw new ResourceNotFoundError(uri);
    }
    return href;
  }
}

function hrefOf(uri: string): string | undefined {
  try {
    return new URL(uri).href;
  } catch {
    return undefined;
  }
}
