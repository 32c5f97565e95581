import { isScopeToken, splitScopeList } from '../config/scope-syntax.js';

/** What the command line asks of the doctor. */
export type DoctorArguments =
  | { readonly kind: 'help' }
  | { readonly kind: 'check'; readonly scopes: readonly string[] }
  | { readonly kind: 'error'; readonly message: string };

/** The usage text of `nest-mcp-auth-doctor`. */
export const DOCTOR_USAGE = `Usage: <print the token> | nest-mcp-auth-doctor [--scope <scope>]...

Reads one access token from stdin (never from the command line, so that it stays out of shell
history and process lists), checks it with this server's MCP_AUTH_* configuration (the
environment, and a .env file in the current directory) exactly as the guard would, and prints
each check with its fix, the answer a client would get and what the server log would say.

  --scope <scope>   also require this scope, as @RequireScopes() or a tool's scopes do (repeatable)
  --help            this text

Exit code: 0 when the token would be accepted, 1 when it would be refused, 2 on a usage or
configuration error.`;

/** Parses the arguments; a token on the command line is refused without being echoed. */
export function parseDoctorArguments(argv: readonly string[]): DoctorArguments {
  const scopes: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const inline = arg.startsWith('--scope=') ? arg.slice(8) : undefined;
    if (arg === '--scope' || inline !== undefined) {
      const value = inline ?? argv[++i];
      const list = value === undefined ? [] : splitScopeList(value);
      if (list.length === 0 || !list.every(isScopeToken)) {
        return {
          kind: 'error',
          message: '--scope needs a scope name (printable ASCII, no spaces)',
        };
      }
      scopes.push(...list);
      continue;
    }
    if (arg.startsWith('-')) {
      return {
        kind: 'error',
        message: `unknown option (argument ${i + 1}); see --help`,
      };
    }
    return {
      kind: 'error',
      message: `refusing argument ${i + 1}: the token is read from stdin only, never from the command line (it would stay in your shell history and be visible to other processes). Pipe it instead, e.g. \`pbpaste | nest-mcp-auth-doctor\` or \`nest-mcp-auth-doctor < token.txt\``,
    };
  }
  return { kind: 'check', scopes };
}
