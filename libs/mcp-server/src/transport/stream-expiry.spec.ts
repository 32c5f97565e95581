import {
  afterEach,
  beforeEach,
  describe,
  expect,
  it,
  jest,
} from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { endWithToken } from './stream-expiry.js';

/** A response that records `destroy()`, and emits `close` like Node's. */
function response() {
  const res = new EventEmitter() as EventEmitter & {
    destroyed: boolean;
    destroy(): void;
  };
  res.destroyed = false;
  res.destroy = () => {
    res.destroyed = true;
    res.emit('close');
  };
  return res;
}

describe('endWithToken (answers do not outlive their token)', () => {
  const now = Date.UTC(2026, 0, 1);
  beforeEach(() => {
    jest.useFakeTimers({ now });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('ends the answer at exp plus the clock tolerance, not before', () => {
    const res = response();
    endWithToken(res as unknown as ServerResponse, now / 1000 + 10, 5);
    jest.advanceTimersByTime(14_999);
    expect(res.destroyed).toBe(false);
    jest.advanceTimersByTime(1);
    expect(res.destroyed).toBe(true);
  });

  it('ends at once an answer whose token is already past its leeway', () => {
    const res = response();
    endWithToken(res as unknown as ServerResponse, now / 1000 - 10, 5);
    expect(res.destroyed).toBe(true);
  });

  it('leaves an answer that closed first alone, and one without exp', () => {
    const closed = response();
    endWithToken(closed as unknown as ServerResponse, now / 1000 + 10, 0);
    closed.emit('close');
    expect(jest.getTimerCount()).toBe(0);
    const endless = response();
    endWithToken(endless as unknown as ServerResponse, undefined, 0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('waits past the longest setTimeout delay for a token far in the future', () => {
    const res = response();
    endWithToken(res as unknown as ServerResponse, now / 1000 + 40 * 86_400, 0);
    jest.advanceTimersByTime(30 * 86_400_000);
    expect(res.destroyed).toBe(false);
    jest.advanceTimersByTime(10 * 86_400_000);
    expect(res.destroyed).toBe(true);
  });
});
