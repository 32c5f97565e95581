/**
 * Whether `version` (x.y.z) satisfies `range`, for the range syntax the libraries' manifests use:
 * caret ranges (`^12.0.0`, `^3.25`), joined by `||`, or `*`. Anything else throws, so a new syntax
 * is noticed instead of being accepted unchecked.
 */
export function satisfiesCaretRange(version, range) {
  if (range.trim() === '*') return true;
  const [major, minor, patch] = parseVersion(version);
  return range.split('||').some((alternative) => {
    const match = /^\s*\^(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/u.exec(alternative);
    if (!match) throw new Error(`unsupported range syntax "${range}"`);
    const low = [
      Number(match[1]),
      Number(match[2] ?? 0),
      Number(match[3] ?? 0),
    ];
    if (compare([major, minor, patch], low) < 0) return false;
    // ^0.y.z allows only 0.y.*, ^x.y.z (x > 0) only x.*.*
    return low[0] === 0 ? major === 0 && minor === low[1] : major === low[0];
  });
}

function parseVersion(version) {
  const match = /^(\d+)\.(\d+)\.(\d+)/u.exec(version);
  if (!match) throw new Error(`not a version: "${version}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
