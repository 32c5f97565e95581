/** A listener of node-redis's `subscribe`: the message and its channel. */
export type RedisMessageListener = (
  message: string,
  channel: string,
) => unknown;

/** The connection events the bus listens to: `ready` (connected again) and `error` (lost). */
export type RedisConnectionEvent = 'ready' | 'error';

/**
 * The part of a node-redis client this package publishes with (`PUBLISH`): the application's own
 * client, the same one the DPoP replay store may use. When it has `on` / `off` (node-redis
 * clients do), its `ready` and `error` events tell the bus when Redis is back or gone.
 *
 * @publicApi
 */
export interface RedisPublishClient {
  /** `PUBLISH channel message`. */
  publish(channel: string, message: string): Promise<unknown>;
  /** Listens to a connection event. */
  on?(
    event: RedisConnectionEvent,
    listener: (...args: unknown[]) => void,
  ): unknown;
  /** Stops listening to a connection event. */
  off?(
    event: RedisConnectionEvent,
    listener: (...args: unknown[]) => void,
  ): unknown;
}

/**
 * The part of a node-redis client this package subscribes with: a connection of its own (Redis
 * puts a subscribing connection in subscriber mode, where it runs no other command), typically
 * `await client.duplicate().connect()`. node-redis subscribes it again after each reconnection;
 * its `ready` and `error` events tell the bus when Redis is back or gone.
 *
 * @publicApi
 */
export interface RedisSubscriberClient {
  /** `SUBSCRIBE channel`, calling `listener` with each message. */
  subscribe(channel: string, listener: RedisMessageListener): Promise<unknown>;
  /** `UNSUBSCRIBE channel` for `listener`. */
  unsubscribe(
    channel: string,
    listener?: RedisMessageListener,
  ): Promise<unknown>;
  /** Listens to the client's `ready` and `error` events. */
  on(event: 'ready' | 'error', listener: (...args: unknown[]) => void): unknown;
  /** Stops listening to an event. */
  off(
    event: 'ready' | 'error',
    listener: (...args: unknown[]) => void,
  ): unknown;
}
