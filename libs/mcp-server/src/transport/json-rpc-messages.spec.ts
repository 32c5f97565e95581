import { describe, expect, it } from '@jest/globals';
import { usedItems } from './json-rpc-messages.js';

const request = (method: string, params?: unknown) => ({
  jsonrpc: '2.0',
  id: 1,
  method,
  params,
});

describe('usedItems (what a body asks to use, for the scope check)', () => {
  it('finds the tool, resource, prompt and completion target of each request', () => {
    expect(
      usedItems([
        request('tools/call', { name: 'add_note' }),
        request('resources/read', { uri: 'notes://1' }),
        request('resources/subscribe', { uri: 'notes://2' }),
        request('prompts/get', { name: 'summarize_notes' }),
        request('completion/complete', {
          ref: { type: 'ref/prompt', name: 'greet' },
        }),
        request('completion/complete', {
          ref: { type: 'ref/resource', uri: 'notes://{id}' },
        }),
        request('tools/list'),
        { jsonrpc: '2.0', id: 2, result: {} },
      ]),
    ).toEqual([
      { kind: 'tool', name: 'add_note' },
      { kind: 'resource', uri: 'notes://1' },
      { kind: 'resource', uri: 'notes://2' },
      { kind: 'prompt', name: 'summarize_notes' },
      { kind: 'prompt', name: 'greet' },
      { kind: 'resource template', uriTemplate: 'notes://{id}' },
    ]);
  });

  it.each([
    null,
    'text',
    42,
    request('resources/read', { uri: 7 }),
    request('prompts/get', {}),
    request('tools/call'),
    request('completion/complete', { ref: { type: 'ref/prompt', name: 1 } }),
    request('completion/complete', { ref: { type: 'ref/other', uri: 'x' } }),
    request('completion/complete', { ref: null }),
    request('subscriptions/listen', {
      notifications: { toolsListChanged: true },
    }),
    request('subscriptions/listen', {
      notifications: { resourceSubscriptions: 'notes://1' },
    }),
  ])('skips what names nothing usable: %p', (body) => {
    expect(usedItems(body)).toEqual([]);
  });

  it('counts the resources a subscriptions/listen asks updates of (MCP 2026-07-28), as reads', () => {
    expect(
      usedItems(
        request('subscriptions/listen', {
          notifications: {
            toolsListChanged: true,
            resourceSubscriptions: ['notes://1', 7, 'config://app'],
          },
        }),
      ),
    ).toEqual([
      { kind: 'resource', uri: 'notes://1' },
      { kind: 'resource', uri: 'config://app' },
    ]);
  });
});
