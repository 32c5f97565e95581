import { describe, expect, it } from '@jest/globals';
import { nestsDeeperThan } from './json-depth.js';

const nested = (depth: number): unknown =>
  JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('nestsDeeperThan (JSON nesting bound of request bodies)', () => {
  it('counts arrays and objects as levels, scalars as none', () => {
    expect(nestsDeeperThan(1, 0)).toBe(false);
    expect(nestsDeeperThan('[[[', 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
  });

  it('takes a body nested exactly to the bound, and refuses one level more', () => {
    expect(nestsDeeperThan(nested(64), 64)).toBe(false);
    expect(nestsDeeperThan(nested(65), 64)).toBe(true);
  });

  it('walks 200,000 levels without overflowing the stack', () => {
    expect(nestsDeeperThan(nested(200_000), 64)).toBe(true);
  });
});
