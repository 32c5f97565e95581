import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

/** The library's own source folders that are compiled and shipped (specs are left out). */
const SOURCE_FOLDERS = ['src', 'testing'];

/**
 * Copies the library's TypeScript sources (no specs) into the package folder, and points the
 * declaration and source maps of the compiled files at those copies, so "go to definition" in a
 * user's editor and stack traces land on the shipped sources instead of this workspace's paths.
 */
export async function shipSources(libDir, packageDir) {
  for (const folder of SOURCE_FOLDERS) {
    await cp(join(libDir, folder), join(packageDir, folder), {
      recursive: true,
      force: true,
      filter: (source) => !source.endsWith('.spec.ts'),
    }).catch((error) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  const outDir = join(packageDir, 'dist');
  const entries = await readdir(outDir, {
    recursive: true,
    withFileTypes: true,
  });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.map')) continue;
    const mapFile = join(entry.parentPath, entry.name);
    const map = JSON.parse(await readFile(mapFile, 'utf8'));
    map.sources = map.sources.map((source) => {
      const original = resolve(dirname(mapFile), map.sourceRoot ?? '', source);
      const shipped = join(packageDir, relative(libDir, original));
      return relative(dirname(mapFile), shipped);
    });
    delete map.sourceRoot;
    await writeFile(mapFile, JSON.stringify(map));
  }
}
