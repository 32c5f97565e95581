import { describe, expect, it } from '@jest/globals';
import { McpServerConfigError } from '../mcp-server.errors.js';
import { ItemRegistry } from './item-registry.js';

interface Thing {
  readonly key: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly declaredAt: string;
}

const thing = (key: string, name: string, declaredAt: string): Thing => ({
  key,
  name,
  scopes: [],
  declaredAt,
});

const registry = () =>
  new ItemRegistry<Thing>('widget', [
    { label: 'keys', of: (item) => item.key },
    { label: 'names', of: (item) => item.name },
  ]);

describe('ItemRegistry', () => {
  it('keeps items by their first key, listed in key order', () => {
    const items = registry();
    items.add(thing('b', 'two', 'A.b'));
    items.add(thing('a', 'one', 'A.a'));
    items.add(thing('c', 'three', 'A.c'));
    expect(items.get('a')?.name).toBe('one');
    expect(items.get('one')).toBeUndefined();
    expect(items.keys()).toEqual(['a', 'b', 'c']);
    expect(items.all().map((item) => item.declaredAt)).toEqual([
      'A.a',
      'A.b',
      'A.c',
    ]);
  });

  it.each([
    [
      thing('a', 'other', 'B.x'),
      /widget "a".*A\.a and B\.x; widget keys must be unique/,
    ],
    [
      thing('z', 'one', 'B.y'),
      /widget "one".*A\.a and B\.y; widget names must be unique/,
    ],
  ])(
    'refuses an item sharing any unique key, naming both places',
    (dup, message) => {
      const items = registry();
      items.add(thing('a', 'one', 'A.a'));
      expect(() => items.add(dup)).toThrow(McpServerConfigError);
      expect(() => items.add(dup)).toThrow(message);
      expect(items.all()).toHaveLength(1);
    },
  );
});
