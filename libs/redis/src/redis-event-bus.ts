import { Logger } from '@nestjs/common';
import type { McpEvent, McpEventBus } from '@nest-mcp/server';
import { randomUUID } from 'node:crypto';
import { decodeEventMessage, encodeEventMessage } from './event-message.js';
import {
  resolveRedisEventBusOptions,
  type RedisEventBusOptions,
  type ResolvedRedisEventBusOptions,
} from './redis-event-bus-options.js';
import { RedisOutageLog } from './redis-outage-log.js';
import type {
  RedisPublishClient,
  RedisSubscriberClient,
} from './redis-pubsub-client.js';
import { withTimeout } from './with-timeout.js';

type Listener = (event: McpEvent) => void;

const CONSEQUENCE =
  "notifications reach this replica's sessions and listen streams only (MCP requests are not affected)";

/**
 * An `McpEventBus` shared by every replica through Redis pub/sub: an event published on one replica
 * reaches the `subscriptions/listen` streams and 2025-era sessions of every replica, its `target`
 * (the one identity it may reach) included. Each event is delivered here at once, then published
 * on `channel` (`PUBLISH`, fire and forget); the other replicas take it from their subscription and
 * deliver it locally (a replica skips its own).
 *
 * Redis down, or slower than `timeoutMs`: events reach this replica only, one warning is logged
 * per outage (and one line when it ends, with the count of events that stayed local), and
 * cross-replica delivery resumes when the clients reconnect, with no restart. Events published
 * while Redis is away are not replayed (pub/sub keeps nothing). At most `maxPendingPublishes`
 * publishes wait for Redis at once; past that an event reaches this replica only (counted in
 * `unsent`). Received messages are dispatched at once, with no queue here; Redis bounds a slow
 * subscriber itself (`client-output-buffer-limit pubsub`).
 *
 * Build it with `RedisEventBus.start(client, subscriber, options)` (or `redisEventBus()`, the
 * module extra): `client` publishes, `subscriber` is a connection of its own
 * (`await client.duplicate().connect()`).
 *
 * @publicApi
 */
export class RedisEventBus implements McpEventBus {
  private readonly options: ResolvedRedisEventBusOptions;
  private readonly origin = randomUUID();
  private readonly listeners = new Set<Listener>();
  private readonly logger = new Logger('McpRedis');
  private readonly outage = new RedisOutageLog('Notification bus', this.logger);
  /** Connection state from the clients' `ready` / `error` events. */
  private readonly live = { publisher: true, subscriber: true };
  /** The last publish was answered (or none failed since the publisher was last `ready`). */
  private sentOk = true;
  private subscribed = false;
  private closed = false;
  private pending = 0;
  private unsentInOutage = 0;
  private ignoredReported = false;
  /** Events that reached this replica only (not published to the others), since the start. */
  unsent = 0;
  /** Channel messages ignored (malformed or over `maxMessageBytes`), since the start. */
  ignored = 0;

  private constructor(
    private readonly client: RedisPublishClient,
    private readonly subscriber: RedisSubscriberClient,
    options?: RedisEventBusOptions,
  ) {
    this.options = resolveRedisEventBusOptions(options);
    if ((client as unknown) === subscriber) {
      throw new Error(
        'RedisEventBus: the subscriber must be a connection of its own (await client.duplicate().connect()); a subscribing connection runs no other command',
      );
    }
  }

  /**
   * A bus publishing with `client` and subscribed (through `subscriber`, a connection of its own)
   * to the channel. Resolves once the subscription is made or has failed within `timeoutMs`: Redis
   * down at boot does not stop the application (events reach this replica until it is back).
   */
  static async start(
    client: RedisPublishClient,
    subscriber: RedisSubscriberClient,
    options?: RedisEventBusOptions,
  ): Promise<RedisEventBus> {
    const bus = new RedisEventBus(client, subscriber, options);
    client.on?.('ready', bus.onPublisherReady);
    client.on?.('error', bus.onPublisherError);
    subscriber.on('ready', bus.onSubscriberReady);
    subscriber.on('error', bus.onSubscriberError);
    await bus.subscribeChannel();
    return bus;
  }

  publish(event: McpEvent): void {
    this.deliver(event);
    if (!this.closed) this.send(event);
  }

  subscribe(listener: Listener): () => void {
    // One entry per subscription, even for the same function twice.
    const entry: Listener = (event) => listener(event);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** Leaves the channel and stops listening to the clients (which stay the application's). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.off?.('ready', this.onPublisherReady);
    this.client.off?.('error', this.onPublisherError);
    this.subscriber.off('ready', this.onSubscriberReady);
    this.subscriber.off('error', this.onSubscriberError);
    if (!this.subscribed) return;
    this.subscribed = false;
    await withTimeout(
      this.subscriber.unsubscribe(this.options.channel, this.onMessage),
      this.options.timeoutMs,
    ).catch(() => undefined);
  }

  /** Whether events reach this replica only now (Redis unavailable; for health checks). */
  get unavailable(): boolean {
    return this.outage.unavailable;
  }

  private deliver(event: McpEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One listener's failure (a stream gone) does not stop the others.
      }
    }
  }

  private send(event: McpEvent): void {
    const message = encodeEventMessage(this.origin, event);
    const bytes = Buffer.byteLength(message);
    if (bytes > this.options.maxMessageBytes) {
      this.countUnsent();
      this.logger.warn(
        `Notification bus: an event of ${bytes} bytes exceeds maxMessageBytes (${this.options.maxMessageBytes}); it reached this replica only`,
      );
      return;
    }
    if (this.pending >= this.options.maxPendingPublishes) {
      this.countUnsent();
      this.failed(
        new Error(
          `${this.pending} publishes wait for Redis (maxPendingPublishes); further events are counted and stay local`,
        ),
      );
      return;
    }
    this.pending += 1;
    // The count follows the client's own command, not the timeout: it is what holds memory.
    const sent = this.client.publish(this.options.channel, message);
    sent
      .finally(() => {
        this.pending -= 1;
      })
      .catch(() => undefined);
    withTimeout(sent, this.options.timeoutMs).then(
      () => {
        this.sentOk = true;
        this.maybeUp();
      },
      (error: unknown) => {
        this.countUnsent();
        this.failed(error);
      },
    );
  }

  private countUnsent(): void {
    this.unsent += 1;
    this.unsentInOutage += 1;
  }

  private failed(error: unknown): void {
    this.sentOk = false;
    this.outage.failed(error, CONSEQUENCE);
  }

  private async subscribeChannel(): Promise<void> {
    if (this.closed) return;
    const attempt = this.subscriber.subscribe(
      this.options.channel,
      this.onMessage,
    );
    // A subscription answered after the timeout still counts (a slow Redis, not a lost one).
    attempt.then(
      () => {
        this.subscribed = true;
        this.maybeUp();
      },
      () => undefined,
    );
    await withTimeout(attempt, this.options.timeoutMs).catch((error) => {
      this.outage.failed(error, CONSEQUENCE);
    });
  }

  /** Logs the end of an outage once publishing and the subscription both work again. */
  private maybeUp(): void {
    if (!this.outage.unavailable || this.closed) return;
    const { publisher, subscriber } = this.live;
    if (!this.subscribed || !publisher || !subscriber || !this.sentOk) return;
    const unsent = this.unsentInOutage;
    this.unsentInOutage = 0;
    this.outage.up(
      unsent > 0
        ? `${unsent} event(s) published here meanwhile reached this replica only`
        : undefined,
    );
  }

  private readonly onMessage = (message: string): void => {
    if (Buffer.byteLength(message) > this.options.maxMessageBytes)
      return this.ignore();
    const decoded = decodeEventMessage(message);
    if (!decoded) return this.ignore();
    if (decoded.from !== this.origin) this.deliver(decoded.event);
  };

  private ignore(): void {
    this.ignored += 1;
    if (this.ignoredReported) return;
    this.ignoredReported = true;
    this.logger.warn(
      `Notification bus: ignored a message on "${this.options.channel}" that is not an event of this bus (malformed or over maxMessageBytes); further ones are only counted`,
    );
  }

  private readonly onPublisherReady = (): void => {
    this.live.publisher = true;
    // A publish that failed while the client was away says nothing of Redis now.
    this.sentOk = true;
    this.maybeUp();
  };

  private readonly onPublisherError = (error: unknown): void => {
    this.live.publisher = false;
    if (!this.closed) this.outage.failed(error, CONSEQUENCE);
  };

  /** The subscriber (re)connected: node-redis subscribed it again; else subscribe now. */
  private readonly onSubscriberReady = (): void => {
    this.live.subscriber = true;
    if (this.subscribed) this.maybeUp();
    else void this.subscribeChannel();
  };

  private readonly onSubscriberError = (error: unknown): void => {
    this.live.subscriber = false;
    if (!this.closed) this.outage.failed(error, CONSEQUENCE);
  };
}
