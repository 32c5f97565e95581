#!/usr/bin/env node
/**
 * `npm run pack`: builds each library into its own package folder under `dist/packages/<lib>/`
 * (ESM JavaScript, `.d.ts` with declaration maps, the shipped sources they map to, the published
 * `package.json`, README, LICENSE), checks its dependency declarations and imports, and writes one
 * tarball per library to `dist/packs/` with `npm pack`. Exits non-zero with the problems found.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanPackageImports } from './pack/compiled-imports.mjs';
import { dependencyProblems } from './pack/dependency-rules.mjs';
import { LIBRARIES } from './pack/libraries.mjs';
import { publishedManifest } from './pack/published-manifest.mjs';
import { shipSources } from './pack/shipped-sources.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const readJson = async (file) => JSON.parse(await readFile(file, 'utf8'));
const rootManifest = await readJson(join(root, 'package.json'));
const lockPackages = (await readJson(join(root, 'package-lock.json'))).packages;
const packagesDir = join(root, 'dist', 'packages');
const packsDir = join(root, 'dist', 'packs');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

await rm(packagesDir, { recursive: true, force: true });
await rm(packsDir, { recursive: true, force: true });
await mkdir(packsDir, { recursive: true });

const problems = [];
for (const library of LIBRARIES) {
  const libDir = join(root, 'libs', library.dir);
  const packageDir = join(packagesDir, library.dir);
  const tsconfig = join(libDir, 'tsconfig.pack.json');
  console.log(`== ${library.dir}: tsc -p ${relative(root, tsconfig)}`);
  execFileSync(process.execPath, [tsc, '-p', tsconfig], { stdio: 'inherit' });
  await shipSources(libDir, packageDir);
  const manifest = publishedManifest(
    await readJson(join(libDir, 'package.json')),
    rootManifest.version,
  );
  await writeFile(
    join(packageDir, 'package.json'),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  await copyFile(join(root, library.readme), join(packageDir, 'README.md'));
  await copyFile(join(root, 'LICENSE'), join(packageDir, 'LICENSE'));
  const imports = await scanPackageImports(packageDir);
  problems.push(
    ...dependencyProblems({
      manifest,
      rootManifest,
      lockPackages,
      importedPackages: imports.packages,
    }),
    ...imports.broken.map((line) => `${manifest.name}: ${line}`),
  );
}
if (problems.length > 0) {
  console.error(`npm run pack: ${problems.length} problem(s):`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}

for (const library of LIBRARIES) {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', packsDir], {
      cwd: join(packagesDir, library.dir),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(
    `${relative(root, join(packsDir, packed.filename))}: ${packed.entryCount} files, ${kib(packed.size)} packed, ${kib(packed.unpackedSize)} unpacked`,
  );
}
