import { describe, expect, it } from '@jest/globals';
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { ListResults, MAX_CACHED_VISIBLE_SETS } from './list-results.js';

/** A `register` callback adding tools named `names`, counting how often it runs. */
function tools(...names: string[]) {
  const register = (server: McpServer) => {
    register.runs += 1;
    for (const name of names) {
      server.registerTool(
        name,
        {
          description: `tool ${name}`,
          inputSchema: z.object({ x: z.string() }),
        },
        () => ({ content: [] }),
      );
    }
  };
  register.runs = 0;
  return register;
}

const namesIn = (listing: Record<string, unknown>) =>
  (listing.tools as Array<{ name: string }>).map((tool) => tool.name);

describe('ListResults', () => {
  it("lists with the SDK's own list handler: schemas converted to JSON Schema", async () => {
    const listing = await new ListResults().get(
      'tools/list',
      'a',
      0,
      tools('a'),
    );
    expect(listing).toEqual({
      tools: [
        expect.objectContaining({
          name: 'a',
          description: 'tool a',
          inputSchema: expect.objectContaining({
            type: 'object',
            properties: { x: { type: 'string' } },
          }),
        }),
      ],
    });
  });

  it('computes a visible set once and serves the same frozen result after', async () => {
    const lists = new ListResults();
    const register = tools('a', 'b');
    const first = await lists.get('tools/list', 'a b', 0, register);
    const again = await lists.get('tools/list', 'a b', 0, tools('other'));
    expect(again).toBe(first);
    expect(register.runs).toBe(1);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen((first.tools as object[])[0])).toBe(true);
  });

  it('never serves the list of one visible set for another, nor for another method', async () => {
    const lists = new ListResults();
    await lists.get('tools/list', 'a b', 0, tools('a', 'b'));
    expect(namesIn(await lists.get('tools/list', 'a', 0, tools('a')))).toEqual([
      'a',
    ]);
    expect(await lists.get('prompts/list', 'a b', 0, () => undefined)).toEqual({
      prompts: [],
    });
    expect(
      namesIn(await lists.get('tools/list', 'a b', 0, tools('never'))),
    ).toEqual(['a', 'b']);
  });

  it('keeps at most MAX_CACHED_VISIBLE_SETS sets per method, the least recently used going first', async () => {
    const lists = new ListResults();
    const first = tools('first');
    await lists.get('tools/list', 'first', 0, first);
    for (let i = 0; i < MAX_CACHED_VISIBLE_SETS; i++) {
      await lists.get('tools/list', `set ${i}`, 0, tools(`t${i}`));
      if (i === 0) await lists.get('tools/list', 'first', 0, first); // used again: kept
    }
    expect(first.runs).toBe(1);
    const zero = tools('t0');
    await lists.get('tools/list', 'set 0', 0, zero);
    expect(zero.runs).toBe(1); // the least recently used one was dropped
  });

  it('computes every list again once the items change (another version)', async () => {
    const lists = new ListResults();
    await lists.get('tools/list', 'a', 1, tools('a'));
    const changed = tools('a', 'new');
    expect(namesIn(await lists.get('tools/list', 'a', 2, changed))).toEqual([
      'a',
      'new',
    ]);
    expect(changed.runs).toBe(1);
  });

  it('does not keep a failed listing: the next caller tries again', async () => {
    const lists = new ListResults();
    const failing = () => {
      throw new Error('boom');
    };
    await expect(lists.get('tools/list', 'a', 0, failing)).rejects.toThrow(
      'boom',
    );
    expect(namesIn(await lists.get('tools/list', 'a', 0, tools('a')))).toEqual([
      'a',
    ]);
  });
});
