import { describe, expect, it } from '@jest/globals';
import type { McpSession } from './session-store.js';
import { SessionStore } from './session-store.js';

const session = (identity: string | undefined) =>
  ({
    identity,
    idle: { stop: () => undefined },
    transport: { close: () => Promise.resolve() },
  }) as unknown as McpSession;

describe('SessionStore (stateful sessions, bounded in all and per identity)', () => {
  it('refuses an identity at its cap while another still opens sessions', () => {
    const store = new SessionStore(10, 2);
    const a1 = store.reserve('alice');
    expect(typeof a1).toBe('function');
    store.add('1', session('alice'));
    (a1 as () => void)();
    store.add('2', session('alice'));
    expect(store.reserve('alice')).toBe('identity-full');
    expect(typeof store.reserve('bob')).toBe('function');
    store.remove('1');
    expect(typeof store.reserve('alice')).toBe('function');
  });

  it('counts sessions being opened, so concurrent initializes cannot overshoot', () => {
    const store = new SessionStore(10, 2);
    expect(typeof store.reserve('alice')).toBe('function');
    expect(typeof store.reserve('alice')).toBe('function');
    expect(store.reserve('alice')).toBe('identity-full');
  });

  it('is full for everyone at the global cap', () => {
    const store = new SessionStore(2, 2);
    store.reserve('alice');
    store.reserve('bob');
    expect(store.reserve('carol')).toBe('server-full');
  });

  it('a session of another identity is not found', () => {
    const store = new SessionStore(10, 2);
    store.add('1', session('alice'));
    expect(store.find('1', 'alice')).toBeDefined();
    expect(store.find('1', 'bob')).toBeUndefined();
  });

  it('an unauthenticated server has no per-identity cap', () => {
    const store = new SessionStore(10, 1);
    store.reserve(undefined);
    expect(typeof store.reserve(undefined)).toBe('function');
  });
});
