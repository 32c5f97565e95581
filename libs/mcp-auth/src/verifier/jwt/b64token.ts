import { InvalidTokenError } from '../../errors/mcp-auth.errors.js';

/** RFC 6750 §2.1 `b64token`. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Throws `InvalidTokenError('malformed')` unless `token` is an RFC 6750 `b64token`. */
export function assertB64Token(token: string): void {
  if (!B64TOKEN.test(token)) throw new InvalidTokenError('malformed');
}
