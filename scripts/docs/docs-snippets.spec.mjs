import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { checkDocSnippets } from './check-snippets.mjs';
import { typescriptExamples } from './doc-snippets.mjs';

const root = fileURLToPath(new globalThis.URL('../..', import.meta.url));

describe('the TypeScript examples in README.md and docs/', () => {
  // One program checks every example; each test below reports its own.
  const checked = checkDocSnippets(root);

  it('finds examples to check', async () => {
    expect((await checked).examples.length).toBeGreaterThan(0);
  });

  it('compile (strict, nodenext), each example on its own', async () => {
    const { examples } = await checked;
    const problems = examples.flatMap((example) => example.problems);
    expect(problems).toEqual([]);
  });

  it('opt out only with a reason (listed here)', async () => {
    const { optOuts } = await checked;
    for (const optOut of optOuts) {
      console.info(
        `not compiled: ${optOut.page}:${optOut.line}: ${optOut.reason}`,
      );
    }
    expect(
      optOuts.filter((optOut) => optOut.reason === '(no reason given)'),
    ).toEqual([]);
  });
});

describe('typescriptExamples', () => {
  const page = [
    '```ts',
    '// src/app.module.ts',
    'export class AppModule {}',
    '```',
    'text',
    '```typescript',
    '// src/main.ts',
    "import { AppModule } from './app.module.js';",
    '```',
    '```ts',
    'const fragment = 1;',
    '```',
    '<!-- not compiled: needs your own identity provider -->',
    '',
    '```ts',
    'broken(',
    '```',
    '```bash',
    'npm test',
    '```',
    '```ts',
    '// src/main.ts',
    'export {};',
    '```',
  ].join('\n');
  const { examples, optOuts } = typescriptExamples(page);

  it('groups named blocks into one example until a file name repeats', () => {
    expect(
      examples.map((example) => example.files.map((file) => file.name)),
    ).toEqual([
      ['src/app.module.ts', 'src/main.ts'],
      ['snippet.ts'],
      ['src/main.ts'],
    ]);
  });

  it('makes an unnamed block a module of its own', () => {
    expect(examples[1].files[0].code).toBe('const fragment = 1;\nexport {};\n');
  });

  it('skips non-TypeScript blocks and lists opt-outs with their reason and line', () => {
    expect(optOuts).toEqual([
      { line: 15, reason: 'needs your own identity provider' },
    ]);
  });
});
