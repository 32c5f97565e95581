import type {
  EventId,
  EventStore,
  JSONRPCMessage,
  StreamId,
} from '@modelcontextprotocol/server';

/**
 * The SSE events of one stateful session, kept in memory so that a client that lost a stream
 * resumes it with `Last-Event-ID` (Streamable HTTP "Resumability and Redelivery"). One store per
 * session, so an event id of another session is never replayed; at most `capacity` events, the
 * oldest dropped first. Event ids are per-session counters.
 */
export class SessionEventStore implements EventStore {
  private readonly events = new Map<
    EventId,
    { streamId: StreamId; message: JSONRPCMessage }
  >();
  private next = 0;

  constructor(private readonly capacity: number) {}

  storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const eventId = String(++this.next);
    this.events.set(eventId, { streamId, message });
    if (this.events.size > this.capacity) {
      this.events.delete(this.events.keys().next().value as EventId);
    }
    return Promise.resolve(eventId);
  }

  /** The stream of a known event; `undefined` (the transport answers 400) for any other id. */
  getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    return Promise.resolve(this.events.get(eventId)?.streamId);
  }

  /** Sends the messages of `lastEventId`'s stream stored after it (priming events carry none). */
  async replayEventsAfter(
    lastEventId: EventId,
    {
      send,
    }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const last = this.events.get(lastEventId);
    if (!last) return '';
    const after = Number(lastEventId);
    for (const [eventId, { streamId, message }] of [...this.events]) {
      if (Number(eventId) <= after || streamId !== last.streamId) continue;
      if (!('jsonrpc' in message)) continue;
      await send(eventId, message);
    }
    return last.streamId;
  }
}
