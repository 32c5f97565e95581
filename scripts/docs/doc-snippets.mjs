/**
 * The TypeScript examples of a Markdown page: each ```ts (or ```typescript) block, named by a first
 * line comment (`// src/app.module.ts`) or not. Named blocks of one page form one example (its
 * files compiled together) until a file name repeats, which starts the next example; an unnamed
 * block is an example of its own. `<!-- not compiled: reason -->` right before a block (blank lines
 * between allowed) opts it out.
 */

const FENCE = /^(`{3,}|~{3,})\s*([\w+-]*)[^\n]*$/;
const TYPESCRIPT = new Set(['ts', 'typescript']);
const OPT_OUT = /^<!--\s*not compiled:\s*(.*?)\s*-->$/;
const FILE_NAME = /^\/\/\s*([\w./-]+\.(?:ts|mts))\s*$/;

/**
 * The fenced blocks of `markdown`: `{ lang, code, line, optOut }` (`line`: 1-based, of the fence;
 * `optOut`: the reason given, or `undefined`).
 */
export function fencedBlocks(markdown) {
  const lines = markdown.split(/\r?\n/);
  const blocks = [];
  let pendingOptOut;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].trim();
    const optOut = OPT_OUT.exec(text);
    if (optOut) {
      pendingOptOut = optOut[1] || '(no reason given)';
      continue;
    }
    const open = FENCE.exec(text);
    if (!open) {
      if (text !== '') pendingOptOut = undefined;
      continue;
    }
    const start = i;
    const body = [];
    for (i++; i < lines.length; i++) {
      const close = lines[i].trim();
      if (
        close.startsWith(open[1][0].repeat(open[1].length)) &&
        /^[`~]+$/.test(close)
      )
        break;
      body.push(lines[i]);
    }
    blocks.push({
      lang: open[2].toLowerCase(),
      code: body.join('\n'),
      line: start + 1,
      optOut: pendingOptOut,
    });
    pendingOptOut = undefined;
  }
  return blocks;
}

/**
 * The examples of `markdown` to compile, and its opted-out TypeScript blocks:
 * `{ examples: [{ files: [{ name, code, line }] }], optOuts: [{ line, reason }] }`. An unnamed block
 * is written as `snippet.ts` and made a module (`export {}`), so examples never share a scope.
 */
export function typescriptExamples(markdown) {
  const examples = [];
  const optOuts = [];
  let current;
  for (const block of fencedBlocks(markdown)) {
    if (!TYPESCRIPT.has(block.lang)) continue;
    if (block.optOut !== undefined) {
      optOuts.push({ line: block.line, reason: block.optOut });
      continue;
    }
    const name = FILE_NAME.exec(block.code.split('\n', 1)[0].trim())?.[1];
    if (!name) {
      examples.push({
        files: [
          {
            name: 'snippet.ts',
            code: `${block.code}\nexport {};\n`,
            line: block.line,
          },
        ],
      });
      continue;
    }
    if (!current || current.files.some((file) => file.name === name)) {
      current = { files: [] };
      examples.push(current);
    }
    current.files.push({ name, code: block.code, line: block.line });
  }
  return { examples, optOuts };
}
