import { describe, expect, it } from '@jest/globals';
import { streamsNothing } from './legacy-json-exchange.js';

const request = (method: string, params?: object) => ({
  jsonrpc: '2.0',
  id: 1,
  method,
  params,
});

describe('streamsNothing', () => {
  it('is true for one request that can send nothing before its result', () => {
    expect(streamsNothing(request('tools/list'), false)).toBe(true);
    expect(streamsNothing(request('tools/list'), true)).toBe(true);
    expect(streamsNothing(request('tools/call', { name: 'x' }), false)).toBe(
      true,
    );
  });

  it('is false where a handler may stream: progress asked for, or logging on', () => {
    const progress = { name: 'x', _meta: { progressToken: 1 } };
    expect(streamsNothing(request('tools/call', progress), false)).toBe(false);
    expect(streamsNothing(request('prompts/get', { name: 'p' }), true)).toBe(
      false,
    );
    expect(
      streamsNothing(request('resources/read', { uri: 'a://b' }), true),
    ).toBe(false);
  });

  it('is false for batches, notifications, responses and 2026-07-28 envelopes', () => {
    expect(streamsNothing([request('tools/list')], false)).toBe(false);
    expect(
      streamsNothing(
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        false,
      ),
    ).toBe(false);
    expect(streamsNothing({ jsonrpc: '2.0', id: 1, result: {} }, false)).toBe(
      false,
    );
    const envelope = {
      _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' },
    };
    expect(streamsNothing(request('tools/list', envelope), false)).toBe(false);
  });
});
