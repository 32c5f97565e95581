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
import { SessionIdle } from './session-idle.js';

const response = () => new EventEmitter() as unknown as ServerResponse;

describe('SessionIdle (idle timeout of a stateful session)', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('expires a session no request touched for the timeout', () => {
    const expire = jest.fn();
    new SessionIdle(1000, expire);
    jest.advanceTimersByTime(999);
    expect(expire).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it('does not expire while a request (a GET stream) is open, and counts from its end', () => {
    const expire = jest.fn();
    const idle = new SessionIdle(1000, expire);
    const stream = response();
    idle.during(stream);
    jest.advanceTimersByTime(10_000);
    expect(expire).not.toHaveBeenCalled();
    (stream as unknown as EventEmitter).emit('close');
    jest.advanceTimersByTime(999);
    expect(expire).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it('never expires once stopped', () => {
    const expire = jest.fn();
    const idle = new SessionIdle(1000, expire);
    idle.stop();
    jest.advanceTimersByTime(5000);
    expect(expire).not.toHaveBeenCalled();
  });
});
