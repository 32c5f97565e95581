import { describe, expect, it } from '@jest/globals';
import { UriTemplate } from '@modelcontextprotocol/server';
import { listedResources } from './template-list.js';

const NOTES = new UriTemplate('notes://{id}');

describe('listedResources (a template list method’s answer)', () => {
  it('keeps uri, name, title, description and mimeType; name defaults to the URI', () => {
    expect(
      listedResources(
        [
          { uri: 'notes://1', name: 'one', description: 'first', extra: 'x' },
          { uri: 'notes://2', title: 'Two', mimeType: 'text/plain' },
        ],
        NOTES,
      ),
    ).toEqual([
      { uri: 'notes://1', name: 'one', description: 'first' },
      {
        uri: 'notes://2',
        name: 'notes://2',
        title: 'Two',
        mimeType: 'text/plain',
      },
    ]);
  });

  it('an empty array lists nothing', () => {
    expect(listedResources([], NOTES)).toEqual([]);
  });

  it.each([
    ['not an array', { uri: 'notes://1' }, /must return an array/],
    ['an entry without uri', [{ name: 'x' }], /\{ uri, name\? \}/],
    ['a non-string name', [{ uri: 'notes://1', name: 3 }], /\{ uri, name\? \}/],
    ['a null entry', [null], /\{ uri, name\? \}/],
    ['a URI of another template', [{ uri: 'files://1' }], /does not match/],
  ])('refuses %s', (_label, listed, problem) => {
    expect(() => listedResources(listed, NOTES)).toThrow(problem);
  });
});
