import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  InsufficientScopeError,
  InvalidTokenError,
  type McpAuthError,
} from '../errors/mcp-auth.errors.js';
import { MCP_AUTH_RESOLVED_OPTIONS } from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import {
  diagnoseInsufficientScope,
  diagnoseInvalidToken,
  formatDiagnosis,
  type RejectionDiagnosis,
} from './rejection-diagnosis.js';
import { RejectionRateLimit } from './rejection-rate-limit.js';
import { DpopBindingError } from '../dpop/dpop-binding.error.js';
import { DpopReplayStoreFullError } from '../dpop/dpop-replay-store-full.error.js';
import { InvalidDpopProofError } from '../dpop/invalid-dpop-proof.error.js';
import { DPOP_FIXES } from './dpop-fixes.js';
import { logValue } from './log-value.js';
import { readAnswerFacts, readTokenFacts } from './token-facts.js';
import { RefusedAnswerError } from '../verifier/introspection/refused-answer.error.js';
import { CredentialRefusedError } from '../verifier/custom/credential-refused.error.js';

/** Injection token of the monotonic millisecond clock of `McpAuthRejectionLog` (tests only). */
export const REJECTION_LOG_CLOCK = Symbol('REJECTION_LOG_CLOCK');

/**
 * Writes one server-log line per refused request: the reason code and the facts an operator needs
 * (issuer, `kid`, `alg`, expected vs presented audience or issuer, time offsets, missing scopes,
 * the option that relaxes the rule). Never the token, its signature, or claims outside a fixed
 * allowlist (see `TokenFacts`). `warn` for configuration-shaped refusals, `debug` otherwise;
 * rate-limited per reason with a count of the lines suppressed. The client's answer is unchanged.
 */
@Injectable()
export class McpAuthRejectionLog {
  private readonly logger = new Logger('McpAuth');
  private readonly limit: RejectionRateLimit;

  constructor(
    @Inject(MCP_AUTH_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpAuthOptions,
    @Optional()
    @Inject(REJECTION_LOG_CLOCK)
    clock?: () => number,
  ) {
    this.limit = new RejectionRateLimit(undefined, clock);
  }

  /** A presented token was refused. */
  tokenRefused(error: InvalidTokenError, token: string): void {
    const decision = this.limit.take(error.reason);
    if (!decision.allowed) return;
    const diagnosis = diagnoseInvalidToken(
      error,
      error instanceof RefusedAnswerError
        ? readAnswerFacts(error.answer, token)
        : readTokenFacts(token),
      this.options,
      Date.now() / 1000,
    );
    this.write(
      'Rejected bearer token',
      error instanceof CredentialRefusedError
        ? {
            ...diagnosis,
            facts: [
              ['verifier', logValue(error.issuer)],
              ['detail', logValue(error.detail)],
              ...diagnosis.facts,
            ],
          }
        : diagnosis,
      decision.suppressedBefore,
    );
  }

  /** A request was refused for another reason than its token (no credentials, scopes, 503, 400). */
  requestRefused(error: McpAuthError): void {
    if (error instanceof InvalidTokenError) return;
    if (
      error instanceof InvalidDpopProofError ||
      error instanceof DpopBindingError ||
      error instanceof DpopReplayStoreFullError
    ) {
      this.dpopRefused(error);
      return;
    }
    const key =
      error instanceof InsufficientScopeError
        ? 'insufficient_scope'
        : error.name;
    const decision = this.limit.take(key);
    if (!decision.allowed) return;
    if (error instanceof InsufficientScopeError) {
      this.write(
        'Rejected request',
        diagnoseInsufficientScope(error),
        decision.suppressedBefore,
      );
      return;
    }
    this.logger.debug(
      `Rejected request: ${error.name}${suppressed(decision.suppressedBefore, key)}`,
    );
  }

  /**
   * A DPoP proof or a token's presentation was refused, or the replay store was full: the reason,
   * the issuer or the `Retry-After` sent, the fix. Server-side causes (the raw body not kept, a
   * full store) are warnings.
   */
  private dpopRefused(
    error: InvalidDpopProofError | DpopBindingError | DpopReplayStoreFullError,
  ): void {
    const decision = this.limit.take(`dpop:${error.reason}`);
    if (!decision.allowed) return;
    const fact =
      error instanceof DpopBindingError
        ? ` issuer=${logValue(error.issuer)}`
        : error instanceof DpopReplayStoreFullError
          ? ` retry_after=${error.retryAfterSeconds}s`
          : '';
    const line = `Rejected DPoP request: reason=${error.reason}${fact}; fix: ${DPOP_FIXES[error.reason]}${suppressed(decision.suppressedBefore, error.reason)}`;
    if (
      error.reason === 'body_unavailable' ||
      error.reason === 'replay_store_full'
    ) {
      this.logger.warn(line);
    } else this.logger.debug(line);
  }

  private write(
    prefix: string,
    diagnosis: RejectionDiagnosis,
    suppressedBefore: number,
  ): void {
    const line = `${prefix}: ${formatDiagnosis(diagnosis)}${suppressed(suppressedBefore, diagnosis.reason)}`;
    if (diagnosis.level === 'warn') this.logger.warn(line);
    else this.logger.debug(line);
  }
}

function suppressed(count: number, key: string): string {
  return count > 0 ? ` (${count} more ${key} rejections suppressed)` : '';
}
