import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fencedBlocks } from './doc-snippets.mjs';

/**
 * The relative links of Markdown pages, and which of them lead nowhere: a link must name a file or
 * folder of the repository, and a `#fragment` into a Markdown page a heading of that page (its
 * GitHub anchor). Links with a scheme (`https:`, `mailto:`) are not followed.
 */

const INLINE_LINK =
  /!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** `markdown` with the lines of its fenced blocks emptied. */
function withoutFences(markdown) {
  const lines = markdown.split(/\r?\n/);
  for (const block of fencedBlocks(markdown)) {
    const bodyLines = block.code === '' ? 0 : block.code.split('\n').length;
    for (let i = block.line - 1; i <= block.line + bodyLines; i++) {
      if (i < lines.length) lines[i] = '';
    }
  }
  return lines.join('\n');
}

/** `markdown` without its fenced blocks and inline code spans (links there are examples). */
export function proseOf(markdown) {
  return withoutFences(markdown).replace(/(`+)[\s\S]*?\1/g, '');
}

/** The link targets of `markdown` outside code, in order: `{ target, line }` (`line` 1-based). */
export function linksOf(markdown) {
  const prose = proseOf(markdown);
  const links = [];
  for (const match of prose.matchAll(INLINE_LINK)) {
    const line = prose.slice(0, match.index).split('\n').length;
    links.push({ target: match[1], line });
  }
  return links;
}

/** The GitHub anchor of a heading's text: lowercase, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading) {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor of `markdown`'s headings, repeated ones numbered as GitHub does (`-1`, `-2`). */
export function anchorsOf(markdown) {
  const seen = new Map();
  const anchors = new Set();
  for (const line of withoutFences(markdown).split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = anchorOf(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/**
 * The broken relative links of `pages` (paths relative to `root`): `{ page, line, target, problem }`.
 */
export async function brokenLinks(root, pages) {
  const broken = [];
  const texts = new Map();
  const text = async (path) => {
    if (!texts.has(path)) texts.set(path, await readFile(path, 'utf8'));
    return texts.get(path);
  };
  for (const page of pages) {
    const pagePath = join(root, page);
    for (const { target, line } of linksOf(await text(pagePath))) {
      if (SCHEME.test(target)) continue;
      const [pathPart, fragment] = splitFragment(target);
      const file =
        pathPart === ''
          ? pagePath
          : resolve(dirname(pagePath), decodeURI(pathPart));
      const inRepo = relative(root, file);
      const report = (problem) => broken.push({ page, line, target, problem });
      if (
        inRepo.startsWith('..') ||
        inRepo.split(sep).includes('node_modules')
      ) {
        report('leaves the repository');
        continue;
      }
      if (!existsSync(file)) {
        report('no such file');
        continue;
      }
      if (
        fragment === undefined ||
        !file.endsWith('.md') ||
        statSync(file).isDirectory()
      )
        continue;
      if (!anchorsOf(await text(file)).has(decodeURIComponent(fragment))) {
        report(`no heading #${fragment} in ${inRepo.split(sep).join('/')}`);
      }
    }
  }
  return broken;
}

function splitFragment(target) {
  const at = target.indexOf('#');
  return at === -1
    ? [target, undefined]
    : [target.slice(0, at), target.slice(at + 1)];
}
