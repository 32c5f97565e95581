import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/gu;

/** Every `.js` and `.d.ts` file under `dir`, recursively. */
export async function compiledFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(?:js|d\.ts)$/u.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** The module specifiers imported by `code` (static, dynamic and side-effect imports). */
export function importSpecifiers(code) {
  return [...code.matchAll(SPECIFIER)].map((match) => match[1]);
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined. */
export function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('node:'))
    return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Reads the compiled files of a package folder: the packages they import by name, and the relative
 * imports that leave the folder or name a file that is not there (which would break once installed).
 */
export async function scanPackageImports(packageDir) {
  const packages = new Set();
  const broken = [];
  for (const file of await compiledFiles(packageDir)) {
    for (const specifier of importSpecifiers(await readFile(file, 'utf8'))) {
      const name = packageOf(specifier);
      if (name) {
        packages.add(name);
        continue;
      }
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier);
      const inside = !relative(packageDir, target).startsWith(`..${sep}`);
      const exists =
        existsSync(target) ||
        (file.endsWith('.d.ts') &&
          existsSync(target.replace(/\.js$/u, '.d.ts')));
      if (!inside || !exists)
        broken.push(`${relative(packageDir, file)} imports "${specifier}"`);
    }
  }
  return { packages: [...packages].sort(), broken };
}
