import {
  diagnoseInsufficientScope,
  diagnoseInvalidToken,
} from '../diagnostics/rejection-diagnosis.js';
import {
  AuthorizationServerUnavailableError,
  InsufficientScopeError,
  InvalidTokenError,
  type McpAuthError,
} from '../errors/mcp-auth.errors.js';
import { logList, logValue } from '../diagnostics/log-value.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import type { ResourceOwner } from '../verifier/resource-owner.interface.js';
import type { CapturedLog } from './captured-log.js';
import type { CheckContext } from './doctor-findings.js';
import type { GuardVerdict } from './guard-verdict.js';
import { checkOf, type CheckId } from './token-checklist.js';

/** The check the refusal belongs to; `undefined` when the guard accepted. */
export function failedCheck(
  refusal: McpAuthError | undefined,
  verdict: GuardVerdict,
): CheckId | undefined {
  if (refusal instanceof InvalidTokenError) return checkOf(refusal.reason);
  if (refusal instanceof AuthorizationServerUnavailableError)
    return checkOf('unavailable');
  if (verdict.accepted) return undefined;
  return verdict.status === 403 ? 'scopes' : 'structure';
}

/** The reason code of the verdict line. */
export function failureReason(
  refusal: McpAuthError | undefined,
  verdict: GuardVerdict,
): string {
  if (refusal instanceof InvalidTokenError) return refusal.reason;
  if (refusal instanceof AuthorizationServerUnavailableError)
    return 'issuer keys unavailable';
  return verdict.status === 403
    ? 'insufficient_scope'
    : `HTTP ${verdict.status}`;
}

/** The lines under a FAIL check: the diagnosis facts and the fix. */
export function failureLines(
  refusal: McpAuthError | undefined,
  verdict: GuardVerdict,
  context: CheckContext,
  options: ResolvedMcpAuthOptions,
  now: number,
): string[] {
  const indent = '                    ';
  if (refusal instanceof InvalidTokenError) {
    const diagnosis = diagnoseInvalidToken(
      refusal,
      context.facts,
      options,
      now,
    );
    return [
      `${indent}reason=${diagnosis.reason} ${diagnosis.facts.map(([n, v]) => `${n}=${v}`).join(' ')}`,
      `${indent}fix: ${diagnosis.fix}`,
    ];
  }
  if (refusal instanceof AuthorizationServerUnavailableError) {
    return [
      `${indent}the keys of ${refusal.issuer} cannot be fetched now (503, Retry-After ${refusal.retryAfterSeconds} s)`,
      `${indent}fix: see the startup check above`,
    ];
  }
  if (verdict.status === 403 && context.owner) {
    const needed = [
      ...new Set([...options.requiredScopes, ...context.routeScopes]),
    ];
    const diagnosis = diagnoseInsufficientScope(
      new InsufficientScopeError(needed, context.owner.scopes),
    );
    return [
      `${indent}${diagnosis.facts.map(([n, v]) => `${n}=${v}`).join(' ')}`,
      `${indent}fix: ${diagnosis.fix}`,
    ];
  }
  return [`${indent}refused with HTTP ${verdict.status}`];
}

/** The `McpAuth` log lines written since `from`, as the server would log them. */
export function serverLog(log: CapturedLog, from: number): string[] {
  const lines = log.lines
    .slice(from)
    .filter((line) => line.context === 'McpAuth')
    .map((line) => `  ${line.level.toUpperCase().padEnd(5)} ${line.message}`);
  return lines.length > 0 ? lines : ['  (nothing)'];
}

/**
 * The verdict line of an accepted token. Its claims (`client_id`, scopes) come from the token,
 * so they go through `logValue` / `logList` like every refusal's facts: quoted, control
 * characters replaced, cut; never raw to the terminal.
 */
export function acceptedVerdict(owner: ResourceOwner | undefined): string {
  const client = owner?.clientId === undefined ? '-' : logValue(owner.clientId);
  const scopes =
    owner && owner.scopes.length > 0 ? logList(owner.scopes) : '(none)';
  return `Verdict: ACCEPTED (issuer ${logValue(owner?.issuer)}, client ${client}, scopes ${scopes})`;
}
