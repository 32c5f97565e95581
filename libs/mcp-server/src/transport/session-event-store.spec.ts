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
    const store = new SessionEventStore(100, Number.MAX_SAFE_INTEGER);
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
    const store = new SessionEventStore(100, Number.MAX_SAFE_INTEGER);
    await store.storeEvent('a', note(1));
    expect(await store.getStreamIdForEventId('7')).toBeUndefined();
    expect(
      await store.getStreamIdForEventId('other-session-id'),
    ).toBeUndefined();
    expect(await replay(store, '7')).toEqual({ streamId: '', sent: [] });
  });

  it('keeps at most `capacity` events, dropping the oldest', async () => {
    const store = new SessionEventStore(2, Number.MAX_SAFE_INTEGER);
    const first = await store.storeEvent('a', note(1));
    const second = await store.storeEvent('a', note(2));
    const third = await store.storeEvent('a', note(3));
    expect(await store.getStreamIdForEventId(first)).toBeUndefined();
    expect((await replay(store, second)).sent).toEqual([[third, note(3)]]);
  });
});

describe('SessionEventStore byte budget', () => {
  const sized = (bytes: number): JSONRPCMessage => {
    const message = {
      jsonrpc: '2.0' as const,
      method: 'notifications/message',
      params: { level: 'info', data: '' },
    };
    message.params.data = 'x'.repeat(bytes - JSON.stringify(message).length);
    return message;
  };

  it('keeps at most its byte budget, dropping the oldest events first', async () => {
    const store = new SessionEventStore(1000, 1000);
    const first = await store.storeEvent('a', sized(400));
    const second = await store.storeEvent('a', sized(400));
    expect(store.size).toBe(800);
    const third = await store.storeEvent('a', sized(400));
    expect(store.size).toBe(800);
    expect(await store.getStreamIdForEventId(first)).toBeUndefined();
    expect(await store.getStreamIdForEventId(second)).toBe('a');
    expect((await replay(store, second)).sent.map(([id]) => id)).toEqual([
      third,
    ]);
  });

  it('does not keep an event larger than the budget, and its stream cannot be resumed past it', async () => {
    const store = new SessionEventStore(1000, 1000);
    const other = await store.storeEvent('b', sized(100));
    const before = await store.storeEvent('a', sized(100));
    const huge = await store.storeEvent('a', sized(900_000));
    const after = await store.storeEvent('a', sized(100));
    expect(store.size).toBe(200);
    // Resuming from before the huge event would skip it silently: that id is gone (the transport answers 400).
    expect(await store.getStreamIdForEventId(before)).toBeUndefined();
    expect(await store.getStreamIdForEventId(huge)).toBeUndefined();
    expect(await store.getStreamIdForEventId(after)).toBe('a');
    // Other streams keep their events.
    expect(await store.getStreamIdForEventId(other)).toBe('b');
  });

  it('150 error replies of 0.9 MB each hold no more than the budget', async () => {
    const store = new SessionEventStore(1000, 1024 * 1024);
    for (let i = 0; i < 150; i++) {
      await store.storeEvent(`s${i}`, sized(i % 2 === 0 ? 900_000 : 600));
      expect(store.size).toBeLessThanOrEqual(1024 * 1024);
    }
  });
});
