import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Entry points the app imports; each must resolve inside the app's own node_modules. */
const SPECIFIERS = [
  '@nest-mcp/auth',
  '@nest-mcp/auth/testing',
  '@nest-mcp/server',
  '@nest-mcp/dev-auth-server',
  '@nest-mcp/dev-auth-server/testing',
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/platform-fastify',
  'zod',
];

/**
 * Why the app could be using something that is not its own install (an empty list when nothing
 * is): a package resolving outside `appDir/node_modules`, `@nest-mcp/server` seeing another
 * `@nest-mcp/auth` than the app, `NODE_PATH`, or a `node_modules` folder above the app.
 */
export function resolutionProblems(appDir: string): string[] {
  const problems: string[] = [];
  const own = join(appDir, 'node_modules') + sep;
  const resolved = new Map<string, string>();
  for (const specifier of SPECIFIERS) {
    const path = fileURLToPath(import.meta.resolve(specifier));
    resolved.set(specifier, path);
    if (!path.startsWith(own))
      problems.push(`${specifier} resolves to ${path}, outside ${own}`);
  }
  const fromServer = createRequire(resolved.get('@nest-mcp/server') ?? '');
  const authOfServer = fromServer.resolve('@nest-mcp/auth');
  if (authOfServer !== resolved.get('@nest-mcp/auth'))
    problems.push(
      `@nest-mcp/server uses another @nest-mcp/auth: ${authOfServer}`,
    );
  if (process.env.NODE_PATH)
    problems.push(`NODE_PATH is set: ${process.env.NODE_PATH}`);
  for (let dir = dirname(appDir); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules')))
      problems.push(`${join(dir, 'node_modules')} is on the resolution path`);
    if (dirname(dir) === dir) break;
  }
  return problems;
}
