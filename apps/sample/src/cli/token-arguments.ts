import { parseArgs } from 'node:util';
import { SAMPLE_SCOPES } from '../sample-address.js';

/** Usage of `npm run token`. */
export const TOKEN_USAGE = `Usage: npm run -s token -- [--user <name>] [--scope "<scopes>"]

Signs in to the running sample's development authorization server (dynamic registration, PKCE,
the login form, the code exchange) and prints only the access token on stdout.

  --user <name>     who signs in (the token's sub); default "dev-user"
  --scope <scopes>  space-separated scopes to ask for; default "${SAMPLE_SCOPES.join(' ')}"
  --help            this text

Reads PORT, HOST, MCP_DEV_AUTH_PORT and MCP_AUTH_RESOURCE_URL like the sample.
Example: curl -H "Authorization: Bearer $(npm run -s token -- --user alice)" ...`;

/** What `npm run token` was asked for. */
export type TokenArguments =
  | { readonly kind: 'run'; readonly user: string; readonly scope: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/** Parses the command line of `npm run token`. */
export function parseTokenArguments(argv: readonly string[]): TokenArguments {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        user: { type: 'string' },
        scope: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return { kind: 'help' };
    const user = values.user?.trim() ?? 'dev-user';
    if (user === '') return { kind: 'error', message: '--user is empty' };
    const scope = (values.scope ?? SAMPLE_SCOPES.join(' '))
      .split(/[\s,]+/u)
      .filter(Boolean)
      .join(' ');
    return { kind: 'run', user, scope };
  } catch (error) {
    return {
      kind: 'error',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
