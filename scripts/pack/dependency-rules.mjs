import { satisfiesCaretRange } from './caret-range.mjs';
import { OWN_SCOPE } from './libraries.mjs';

/** Nest's HTTP platform packages (`@nestjs/platform-express`, `@nestjs/platform-fastify`). */
const PLATFORM_PREFIX = '@nestjs/platform-';

/**
 * What is wrong with a library's dependency declarations, checked against the workspace (an empty
 * list when nothing is):
 * - each of its `dependencies` has exactly the range of the root `package.json` `dependencies`,
 *   so the workspace tests the versions users install and the two cannot drift apart;
 * - each peer is installed in the workspace (a root dependency or devDependency) at a version,
 *   as locked in `package-lock.json`, that its range accepts;
 * - each package its compiled code imports is declared as a dependency or a peer;
 * - another `@nest-mcp/*` package is only a peer (one shared copy per app, never a private one);
 * - `peerDependenciesMeta` only describes declared peers, and a library that runs on several Nest
 *   HTTP platforms (`@nestjs/platform-*` peers) marks each optional: an app installs the one it
 *   uses.
 *
 * `lockPackages` is the `packages` object of `package-lock.json`.
 */
export function dependencyProblems({
  manifest,
  rootManifest,
  lockPackages,
  importedPackages,
}) {
  const problems = [];
  const dependencies = manifest.dependencies ?? {};
  const peers = manifest.peerDependencies ?? {};
  const rootDependencies = rootManifest.dependencies ?? {};
  const rootAll = { ...rootManifest.devDependencies, ...rootDependencies };
  for (const [name, range] of Object.entries(dependencies)) {
    if (name.startsWith(OWN_SCOPE)) {
      problems.push(`${name} must be a peerDependency, not a dependency`);
    } else if (rootDependencies[name] !== range) {
      problems.push(
        `dependency ${name} "${range}" differs from the root package.json (${JSON.stringify(rootDependencies[name] ?? 'missing')})`,
      );
    }
  }
  for (const [name, range] of Object.entries(peers)) {
    if (name.startsWith(OWN_SCOPE)) continue;
    const locked = lockPackages[`node_modules/${name}`]?.version;
    if (!(name in rootAll) || !locked) {
      problems.push(`peer ${name} is not installed by the root package.json`);
    } else if (!satisfiesCaretRange(locked, range)) {
      problems.push(
        `peer ${name} "${range}" does not accept the workspace's ${locked}`,
      );
    }
  }
  const meta = manifest.peerDependenciesMeta ?? {};
  for (const name of Object.keys(meta)) {
    if (!(name in peers))
      problems.push(`peerDependenciesMeta names ${name}, which is not a peer`);
  }
  const platforms = Object.keys(peers).filter((name) =>
    name.startsWith(PLATFORM_PREFIX),
  );
  if (platforms.length > 1) {
    for (const name of platforms) {
      if (meta[name]?.optional !== true)
        problems.push(
          `peer ${name} must be optional (peerDependenciesMeta): an app installs only the HTTP platform it uses`,
        );
    }
  }
  for (const name of importedPackages) {
    if (!(name in dependencies) && !(name in peers))
      problems.push(`imports ${name}, which its package.json does not declare`);
  }
  return problems.map((problem) => `${manifest.name}: ${problem}`);
}
