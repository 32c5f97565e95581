import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Forks the bench module `entry` (a URL next to the caller, e.g. `new URL('./x-main.js',
 * import.meta.url)`) and resolves with the `value` of its IPC message of type `type`, once it exits
 * with code 0; rejects otherwise, naming `what`.
 */
export function childResult<T>(
  entry: URL,
  type: string,
  what: string,
  execArgv: string[] = [],
): Promise<T> {
  return new Promise((resolve, reject) => {
    let value: T | undefined;
    const child = fork(fileURLToPath(entry), [], { execArgv });
    child.on('message', (message: { type?: string; value?: T }) => {
      if (message.type === type) value = message.value;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && value !== undefined) resolve(value);
      else reject(new Error(`${what} exited with code ${code}`));
    });
  });
}
