import { OWN_SCOPE } from './libraries.mjs';

/**
 * The `package.json` published for a library: its own manifest with the workspace version (root
 * `package.json`, the one place it is set) and every `@nest-mcp/*` range set to `^<version>`, so
 * the packages of one release require each other.
 */
export function publishedManifest(libManifest, version) {
  const manifest = { ...libManifest, version };
  for (const field of ['dependencies', 'peerDependencies']) {
    if (!manifest[field]) continue;
    manifest[field] = Object.fromEntries(
      Object.entries(manifest[field]).map(([name, range]) => [
        name,
        name.startsWith(OWN_SCOPE) ? `^${version}` : range,
      ]),
    );
  }
  const { name, description, keywords, ...rest } = manifest;
  return { name, version, description, keywords, ...rest };
}
