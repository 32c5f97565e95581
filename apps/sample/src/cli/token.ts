/**
 * `npm run token`: prints an access token for the running sample, from its development
 * authorization server, signed in headless as `--user` with `--scope` (see `TOKEN_USAGE`).
 * Only the token goes to stdout, so that `$(npm run -s token)` works in a shell.
 */
import { existsSync } from 'node:fs';
import { parseTokenArguments, TOKEN_USAGE } from './token-arguments.js';
import { signInToSample } from './sample-sign-in.js';

async function main(): Promise<number> {
  const args = parseTokenArguments(process.argv.slice(2));
  if (args.kind === 'help') {
    process.stdout.write(`${TOKEN_USAGE}\n`);
    return 0;
  }
  if (args.kind === 'error') {
    process.stderr.write(`npm run token: ${args.message}\n${TOKEN_USAGE}\n`);
    return 2;
  }
  // The sample reads a .env file too (variables already set win).
  if (existsSync('.env')) process.loadEnvFile('.env');
  process.stdout.write(
    `${await signInToSample(process.env, args.user, args.scope)}\n`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `npm run token: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
