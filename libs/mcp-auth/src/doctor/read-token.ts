/** Most characters read from stdin; longer input is refused (tokens are far shorter). */
const MAX_INPUT = 65_536;

/** The outcome of reading stdin: the token, or why there is none. */
export type TokenInput =
  | { readonly ok: true; readonly token: string }
  | { readonly ok: false; readonly message: string };

/**
 * Reads the whole of `input` and returns the token in it: surrounding whitespace dropped, and a
 * leading `Bearer ` (as copied from an Authorization header) too.
 */
export async function readToken(
  input: AsyncIterable<string | Buffer>,
): Promise<TokenInput> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.length > MAX_INPUT) {
      return {
        ok: false,
        message: `stdin holds more than ${MAX_INPUT} characters; give one access token`,
      };
    }
  }
  const token = text.trim().replace(/^bearer\s+/i, '');
  if (token === '') {
    return {
      ok: false,
      message:
        'no token on stdin; pipe one in, e.g. `nest-mcp-auth-doctor < token.txt`',
    };
  }
  return { ok: true, token };
}
