import { describe, expect, it } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { markdownPages } from './check-snippets.mjs';
import { anchorOf, anchorsOf, brokenLinks, linksOf } from './doc-links.mjs';

const root = fileURLToPath(new globalThis.URL('../..', import.meta.url));

async function libraryReadmes() {
  const libs = await readdir(`${root}/libs`, { withFileTypes: true });
  return libs
    .filter((entry) => entry.isDirectory())
    .map((entry) => `libs/${entry.name}/README.md`);
}

describe('relative links of README.md, docs/ and the library READMEs', () => {
  it('each names a file of the repository and, into a page, one of its headings', async () => {
    const pages = [
      'README.md',
      ...(await markdownPages(root)),
      ...(await libraryReadmes()),
    ];
    expect(await brokenLinks(root, pages)).toEqual([]);
  });
});

describe('linksOf', () => {
  it('finds inline links outside code, with their line', () => {
    const page = [
      'See [a](docs/a.md) and [b](b.md#part "title").',
      '`[not](a link)` and',
      '```md',
      '[not](either.md)',
      '```',
      '[c](https://example.com) [d](#here)',
    ].join('\n');
    expect(linksOf(page)).toEqual([
      { target: 'docs/a.md', line: 1 },
      { target: 'b.md#part', line: 1 },
      { target: 'https://example.com', line: 6 },
      { target: '#here', line: 6 },
    ]);
  });
});

describe('anchorsOf', () => {
  it('makes GitHub anchors, numbering repeated headings', () => {
    const page = [
      '# Tools, resources and prompts (`@nest-mcp/server`)',
      '## Replay (RFC 9449 §11.1)',
      '## Notes',
      '## Notes',
      '```md',
      '## not a heading',
      '```',
    ].join('\n');
    expect([...anchorsOf(page)]).toEqual([
      'tools-resources-and-prompts-nest-mcpserver',
      'replay-rfc-9449-111',
      'notes',
      'notes-1',
    ]);
  });

  it('keeps words of a linked heading and drops quotes', () => {
    expect(anchorOf('"Unsupported engine" warnings of `npm ci`')).toBe(
      'unsupported-engine-warnings-of-npm-ci',
    );
  });
});

describe('brokenLinks', () => {
  it('reports a missing file, a missing heading and a link out of the repository', async () => {
    const broken = await brokenLinks(root, ['scripts/docs/fixtures/links.md']);
    expect(broken.map(({ line, problem }) => ({ line, problem }))).toEqual([
      { line: 4, problem: 'no such file' },
      { line: 5, problem: 'no heading #nowhere in README.md' },
      { line: 6, problem: 'leaves the repository' },
      {
        line: 7,
        problem: 'no heading #missing in scripts/docs/fixtures/links.md',
      },
    ]);
  });
});
