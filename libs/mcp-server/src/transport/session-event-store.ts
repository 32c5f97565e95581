import type {
  EventId,
  EventStore,
  JSONRPCMessage,
  StreamId,
} from '@modelcontextprotocol/server';

/** One stored SSE event. */
interface StoredEvent {
  readonly streamId: StreamId;
  readonly message: JSONRPCMessage;
  readonly bytes: number;
}

/**
 * The SSE events of one stateful session, kept in memory so that a client that lost a stream
 * resumes it with `Last-Event-ID` (Streamable HTTP "Resumability and Redelivery"). One store per
 * session, so an event id of another session is never replayed. Bounded twice: at most
 * `maxEvents` events and `maxBytes` bytes (each event counted as its JSON), the oldest dropped
 * first. An event larger than `maxBytes` is not kept, and neither are the earlier events of its
 * stream: that stream cannot be resumed past it (its ids answer 400), rather than resume with a
 * gap. Event ids are per-session counters.
 */
export class SessionEventStore implements EventStore {
  private readonly events = new Map<EventId, StoredEvent>();
  private next = 0;
  private bytes = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly maxBytes: number,
  ) {}

  /** Bytes held now (the JSON of the events kept). */
  get size(): number {
    return this.bytes;
  }

  storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const eventId = String(++this.next);
    const bytes = Buffer.byteLength(JSON.stringify(message));
    if (bytes > this.maxBytes) {
      this.forgetStream(streamId);
      return Promise.resolve(eventId);
    }
    this.events.set(eventId, { streamId, message, bytes });
    this.bytes += bytes;
    while (this.events.size > this.maxEvents || this.bytes > this.maxBytes) {
      this.drop(this.events.keys().next().value as EventId);
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

  private forgetStream(streamId: StreamId): void {
    for (const [eventId, event] of [...this.events]) {
      if (event.streamId === streamId) this.drop(eventId);
    }
  }

  private drop(eventId: EventId): void {
    const event = this.events.get(eventId);
    if (!event) return;
    this.events.delete(eventId);
    this.bytes -= event.bytes;
  }
}
