import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { codeVersion } from './code-version.js';

/** The machine and code a run measured, as Markdown list items. */
export function machineLines(): string[] {
  const cores = cpus();
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
  return [
    `- CPU: ${cores[0]?.model ?? 'unknown'} × ${cores.length}`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${platform()} ${release()}`,
    `- Node.js: ${process.version}`,
    `- Code: ${codeVersion()}`,
    `- Load average at the end (1 / 5 / 15 min): ${load}`,
  ];
}
