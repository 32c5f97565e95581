import type { TokenMinter } from '../issuer/token-minter.js';
import { callWhoami } from '../load/mcp-call.js';
import { ANONYMOUS_SUBJECT, requiresToken } from '../server/server-kind.js';
import type { ServerSlot } from './server-slots.js';

/**
 * Proves a server does what the bench assumes before (and after) it is measured: a `tools/call`
 * without `initialize` succeeds, an authenticating server echoes the token's subject and refuses a
 * request without a token with 401, the baseline answers anonymously. Throws otherwise.
 */
export async function assertServerBehaves(
  { kind, era, id }: ServerSlot,
  url: string,
  minter: TokenMinter,
  subject: string,
): Promise<void> {
  if (requiresToken(kind)) {
    const anonymous = await callWhoami(url, undefined, era);
    if (anonymous.status !== 401) {
      throw new Error(
        `${id}: a call without a token answered ${anonymous.status}, expected 401`,
      );
    }
  }
  const answer = await callWhoami(url, minter.mint(subject), era);
  const expected = requiresToken(kind) ? subject : ANONYMOUS_SUBJECT;
  if (answer.status !== 200 || answer.subject !== expected) {
    throw new Error(
      `${id}: tools/call whoami answered ${answer.status} with subject ${String(answer.subject)}, expected 200 with ${expected}${answer.problem ? `; body: ${answer.problem}` : ''}`,
    );
  }
}
