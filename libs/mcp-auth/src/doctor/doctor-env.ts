import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The environment the server would see: `env`, plus the variables of a `.env` file in `cwd`
 * that `env` does not set (as `@nestjs/config` does for the sample).
 */
export function doctorEnvironment(
  env: NodeJS.ProcessEnv,
  cwd: string,
): Record<string, string | undefined> {
  const file = join(cwd, '.env');
  if (!existsSync(file)) return { ...env };
  return { ...parseEnv(readFileSync(file, 'utf8')), ...env };
}
