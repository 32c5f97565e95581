#!/usr/bin/env bash
# Consumer e2e: runs `npm run pack`, then a fresh Nest app outside the workspace installs the four
# tarballs (dist/packs/) plus its Nest dependencies from the npm registry, at the
# versions of package-lock.json, compiles with tsc (strict, against the packages' .d.ts), and runs
# its checks (scripts/consumer-app/src/check.ts). Nothing from the workspace is on its resolution
# path. Usage: scripts/consumer-e2e.sh [results.json]  (counts as { numPassedTests, numFailedTests }).
# The app's folder (under $TMPDIR or /tmp) is removed on success and kept on failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
results=${1:+$(realpath -m "$1")}
[ -z "$results" ] || : >"$results"
node_version=$(node --version)

fail() { # $1: what failed; the counts file says one failure unless the checks wrote theirs
  echo "consumer e2e (Node $node_version) FAILED: $1" >&2
  [ -z "$results" ] || [ -s "$results" ] || echo '{"numPassedTests":0,"numFailedTests":1}' >"$results"
  [ -z "${app:-}" ] || echo "consumer app kept in $app" >&2
  exit 1
}

(cd "$root" && npm run pack --silent) || fail "npm run pack"
shopt -s nullglob
tarballs=("$root"/dist/packs/*.tgz)
[ "${#tarballs[@]}" -eq 4 ] || fail "expected 4 tarballs in dist/packs, found ${#tarballs[@]}"

app=$(mktemp -d "${TMPDIR:-/tmp}/nest-mcp-consumer.XXXXXX")
case "$app/" in "$root"/*) fail "the temporary folder $app is inside the workspace" ;; esac
echo "== consumer e2e on Node $node_version in $app"
cp -R "$root/scripts/consumer-app/src" "$root/scripts/consumer-app/tsconfig.json" "$app/"
mkdir "$app/packs"
cp "${tarballs[@]}" "$app/packs/"

# package.json: the tarballs by file, everything else at the workspace's locked versions.
node - "$root" "$app" <<'JS' || fail "writing package.json"
const [root, app] = process.argv.slice(2);
const fs = require('node:fs');
const path = require('node:path');
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')).packages;
const wanted = JSON.parse(fs.readFileSync(path.join(root, 'scripts/consumer-app/dependencies.json'), 'utf8'));
const pinned = (names) => Object.fromEntries(names.map((name) => {
  const version = lock[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in package-lock.json`);
  return [name, version];
}));
const dependencies = {
  ...pinned(wanted.dependencies),
  ...JSON.parse(process.env.CONSUMER_E2E_VERSIONS || '{}'),
};
for (const file of fs.readdirSync(path.join(app, 'packs'))) {
  const manifest = JSON.parse(require('node:child_process').execFileSync('tar', ['-xzOf', path.join(app, 'packs', file), 'package/package.json'], { encoding: 'utf8' }));
  dependencies[manifest.name] = `file:packs/${file}`;
}
const manifest = { name: 'nest-mcp-consumer', private: true, type: 'module', dependencies, devDependencies: pinned(wanted.devDependencies) };
fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
JS

cd "$app"
npm_install() { npm install --no-audit --no-fund --no-update-notifier >install.log 2>&1; }
npm_install || { sleep 5 && npm_install; } || { cat install.log; fail "npm install (tried twice)"; }
engine_warnings=$(grep -o "package: '[^']*'" install.log | sed "s/package: //" | tr -d "'" | sort -u | tr '\n' ' ' || true)
echo "npm install: $(grep -E '^(added|changed)' install.log || true); Unsupported engine warnings: ${engine_warnings:-none}"
for pkg in $engine_warnings; do # each warned package, and who pulls it in
  npm ls --all "${pkg%@*}" 2>/dev/null | sed -n '2,$p' | grep -v '^\s*$' | sed "s/^/  /"
done

node_modules/.bin/tsc -p tsconfig.json || fail "tsc (strict) against the packages' declarations"
# Every declaration file read, ours included, type-checks too (the DOM lib only for the MCP SDK's
# own .d.ts, which name HeadersInit).
node_modules/.bin/tsc -p tsconfig.json --noEmit --skipLibCheck false --lib ES2023,DOM \
  || fail "tsc --skipLibCheck false: a declaration file does not type-check"
read_files=$(node_modules/.bin/tsc -p tsconfig.json --listFilesOnly)
outside=$(grep -v "^$app/" <<<"$read_files" || true)
[ -z "$outside" ] || fail "tsc read files outside the app: $outside"
echo "tsc: strict, $(grep -c '/node_modules/@nest-mcp/' <<<"$read_files") declaration files of @nest-mcp/* read, none outside the app"

CONSUMER_RESULTS=$results node dist/check.js || fail "checks (see 'not ok' above)"
cd /
rm -rf "$app"
