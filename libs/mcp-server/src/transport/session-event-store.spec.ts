import { describe, expect, it } from '@jest/globals';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { SessionEventStore } from './session-event-store.js';

const note = (n: number): JSONRPCMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/message',
  params: { level: 'info', data: n },
});

async function replay(store: SessionEventStore, after: string) {
  const sent: [string, JSONRPCMessage][] = [];
  const streamId = await store.replayEventsAfter(after, {
    send: (id, message) => {
      sent.push([id, message]);
      return Promise.resolve();
    },
  });
  return { streamId, sent };
}

describe('SessionEventStore (resumable SSE streams of one session)', () => {
  it('replays, in order, the messages of the same stream stored after the given event', async () => {
    const store = new SessionEventStore(100);
    const priming = await store.storeEvent('a', {} as JSONRPCMessage);
    const a1 = await store.storeEvent('a', note(1));
    await store.storeEvent('b', note(2));
    const a3 = await store.storeEvent('a', note(3));
    expect(await replay(store, priming)).toEqual({
      streamId: 'a',
      sent: [
        [a1, note(1)],
        [a3, note(3)],
      ],
    });
    expect((await replay(store, a1)).sent).toEqual([[a3, note(3)]]);
    expect(await store.getStreamIdForEventId(a1)).toBe('a');
  });

  it('knows no event it did not store, so the transport answers 400', async () => {
    const store = new SessionEventStore(100);
    await store.storeEvent('a', note(1));
    expect(await store.getStreamIdForEventId('7')).toBeUndefined();
    expect(
      await store.getStreamIdForEventId('other-session-id'),
    ).toBeUndefined();
    expect(await replay(store, '7')).toEqual({ streamId: '', sent: [] });
  });

  it('keeps at most `capacity` events, dropping the oldest', async () => {
    const store = new SessionEventStore(2);
    const first = await store.storeEvent('a', note(1));
    const second = await store.storeEvent('a', note(2));
    const third = await store.storeEvent('a', note(3));
    expect(await store.getStreamIdForEventId(first)).toBeUndefined();
    expect((await replay(store, second)).sent).toEqual([[third, note(3)]]);
  });
});
