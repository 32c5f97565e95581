import { execFileSync } from 'node:child_process';

/** The commit measured, and whether `libs/` had uncommitted changes; `unknown` outside git. */
export function codeVersion(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'libs') !== '';
    return dirty ? `${commit} with uncommitted changes in libs/` : commit;
  } catch {
    return 'unknown';
  }
}
