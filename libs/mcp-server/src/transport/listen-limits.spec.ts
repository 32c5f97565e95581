import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { resolveMcpServerOptions } from '../resolve-server-options.js';
import { isListenRequest, ListenLimits } from './listen-limits.js';

const options = resolveMcpServerOptions({
  name: 'n',
  version: '1',
  maxListenStreamsPerIdentity: 2,
  maxSubscriptionsPerSession: 3,
  maxResourceUriLength: 20,
});
const listen = (resourceSubscriptions?: unknown, id: unknown = 7) => ({
  jsonrpc: '2.0',
  id,
  method: 'subscriptions/listen' as const,
  params: { notifications: { resourceSubscriptions } },
});
const response = () => new EventEmitter() as unknown as ServerResponse;

describe('ListenLimits (subscriptions/listen streams per identity)', () => {
  it('recognizes a listen request', () => {
    expect(isListenRequest(listen())).toBe(true);
    expect(isListenRequest({ method: 'tools/list' })).toBe(false);
    expect(isListenRequest(null)).toBe(false);
    expect(isListenRequest([listen()])).toBe(false);
  });

  it('admits up to the cap per identity, refuses past it, and frees a slot when a stream closes', () => {
    const limits = new ListenLimits(options);
    const first = response();
    expect(limits.admit(listen(), 'alice', first)).toBeUndefined();
    expect(limits.admit(listen(), 'alice', response())).toBeUndefined();
    expect(limits.admit(listen(), 'alice', response())).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: -32000,
        message: expect.stringContaining('limit 2'),
      },
    });
    // Another identity is not affected by alice's streams.
    expect(limits.admit(listen(), 'bob', response())).toBeUndefined();
    first.emit('close');
    expect(limits.admit(listen(), 'alice', response())).toBeUndefined();
  });

  it('has no per-identity cap without authentication', () => {
    const limits = new ListenLimits(options);
    for (let i = 0; i < 5; i++)
      expect(limits.admit(listen(), undefined, response())).toBeUndefined();
  });

  it.each([
    [['a://1', 'a://2', 'a://3', 'a://4'], /at most 3 resourceSubscriptions/],
    [['a://' + 'x'.repeat(17)], /longer than 20 characters/],
  ])('refuses the resource URIs %p with -32602', (uris, message) => {
    const refusal = new ListenLimits(options).admit(
      listen(uris, 'req-1'),
      'alice',
      response(),
    ) as { id: unknown; error: { code: number; message: string } };
    expect(refusal.id).toBe('req-1');
    expect(refusal.error.code).toBe(-32602);
    expect(refusal.error.message).toMatch(message);
  });

  it('a refused filter takes no slot', () => {
    const limits = new ListenLimits(options);
    const tooMany = listen(['a://1', 'a://2', 'a://3', 'a://4']);
    for (let i = 0; i < 3; i++) limits.admit(tooMany, 'alice', response());
    expect(
      limits.admit(listen(['a://1']), 'alice', response()),
    ).toBeUndefined();
  });
});
