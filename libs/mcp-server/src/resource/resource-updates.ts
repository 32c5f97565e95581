import { Injectable } from '@nestjs/common';
import {
  type McpServer,
  ResourceNotFoundError,
} from '@modelcontextprotocol/server';
import {
  ResourceRegistry,
  ResourceTemplateRegistry,
} from './resource-registries.js';

/** The URIs one session subscribed to, and its server to notify. */
interface SessionSubscriptions {
  readonly server: McpServer;
  readonly uris: Set<string>;
}

/**
 * Resource subscriptions of the open stateful sessions (`resourceSubscriptions`, 2025 era:
 * `resources/subscribe`, `resources/unsubscribe`), and the way to tell them a resource changed:
 * inject it and call `updated(uri)`. Subscribing needs the scopes reading needs (checked before
 * the request reaches the SDK, like `resources/read`); only the application's resources and URIs
 * matching its templates can be subscribed to.
 *
 * @publicApi
 */
@Injectable()
export class ResourceUpdates {
  private readonly sessions = new Set<SessionSubscriptions>();

  constructor(
    private readonly resources: ResourceRegistry,
    private readonly templates: ResourceTemplateRegistry,
  ) {}

  /**
   * Sends `notifications/resources/updated` for `uri` to every open session subscribed to it (URIs
   * compare in their normal form, `new URL(uri).href`). Resolves once each has been sent or failed.
   */
  async updated(uri: string): Promise<void> {
    const href = new URL(uri).href;
    await Promise.allSettled(
      [...this.sessions]
        .filter((session) => session.uris.has(href))
        .map((session) =>
          session.server.server.sendResourceUpdated({ uri: href }),
        ),
    );
  }

  /**
   * Serves subscriptions on a session's server (before it connects): advertises
   * `resources.subscribe` and answers the two methods. Returns what to call when the session ends.
   */
  attach(server: McpServer): () => void {
    const session: SessionSubscriptions = { server, uris: new Set() };
    server.server.registerCapabilities({ resources: { subscribe: true } });
    server.server.setRequestHandler('resources/subscribe', (request) => {
      session.uris.add(this.knownHref(request.params.uri));
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
