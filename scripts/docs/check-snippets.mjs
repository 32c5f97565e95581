import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { typescriptExamples } from './doc-snippets.mjs';

/**
 * Type-checks the TypeScript examples of `README.md` and of every `docs/**\/*.md` page: each
 * example is written to its own folder under `node_modules/.cache/docs-snippets` (so it resolves
 * the workspace's packages, and `@nest-mcp/*` through the repository's `paths`), then one strict
 * `nodenext` program (the repository's `tsconfig.json`) checks them all.
 */

/** The Markdown pages under `dir`, relative to `root`, sorted. */
export async function markdownPages(root, dir = 'docs') {
  const pages = [];
  for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) pages.push(...(await markdownPages(root, path)));
    else if (entry.name.endsWith('.md')) pages.push(path);
  }
  return pages.sort();
}

/**
 * Each page's examples and opt-outs, the files written for them, and the diagnostics of the check:
 * `{ examples: [{ page, index, files: [{ name, line, path }], problems: string[] }], optOuts }`.
 */
export async function checkDocSnippets(root) {
  const out = join(root, 'node_modules', '.cache', 'docs-snippets');
  await rm(out, { recursive: true, force: true });
  const examples = [];
  const optOuts = [];
  for (const page of ['README.md', ...(await markdownPages(root))]) {
    const found = typescriptExamples(await readFile(join(root, page), 'utf8'));
    optOuts.push(...found.optOuts.map((optOut) => ({ page, ...optOut })));
    for (const [index, example] of found.examples.entries()) {
      const folder = join(
        out,
        page.replace(/\.md$/, ''),
        `example-${index + 1}`,
      );
      const files = [];
      for (const file of example.files) {
        const path = join(folder, file.name);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.code);
        files.push({ name: file.name, line: file.line, path });
      }
      // ES modules, whatever the folders above say.
      await writeFile(join(folder, 'package.json'), '{ "type": "module" }\n');
      examples.push({ page, index: index + 1, files, problems: [] });
    }
  }
  if (examples.length === 0) return { examples, optOuts };

  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  const options = {
    ...config.options,
    noEmit: true,
    rootDir: undefined,
    outDir: undefined,
  };
  const rootNames = examples.flatMap((example) =>
    example.files.map((file) => file.path),
  );
  const program = ts.createProgram({ rootNames, options });
  const byPath = new Map(
    examples.flatMap((example) =>
      example.files.map((file) => [file.path, { example, file }]),
    ),
  );
  const global = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ];
  for (const diagnostic of global) {
    examples[0].problems.push(`(program) ${flatten(diagnostic)}`);
  }
  for (const [path, { example, file }] of byPath) {
    const source = program.getSourceFile(path);
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    for (const diagnostic of diagnostics) {
      const { line } = source.getLineAndCharacterOfPosition(
        diagnostic.start ?? 0,
      );
      example.problems.push(
        `${example.page}:${file.line + 1 + line} (block ${file.name}, line ${line + 1}): TS${diagnostic.code} ${flatten(diagnostic)}`,
      );
    }
  }
  return { examples, optOuts, folder: relative(root, out) };
}

function flatten(diagnostic) {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
}
