import { describe, expect, it } from '@jest/globals';
import { captureNestLogs } from '../../../../test/support/capture-nest-logs.js';
import { resolveMcpAuthOptions } from '../config/resolve-options.js';
import { DpopReplayStoreFullError } from '../dpop/dpop-replay-store-full.error.js';
import { DpopReplayUnavailableError } from '../dpop/dpop-replay-unavailable.error.js';
import {
  InsufficientScopeError,
  InvalidTokenError,
  MissingCredentialsError,
} from '../errors/mcp-auth.errors.js';
import { McpAuthRejectionLog } from './rejection-log.service.js';
import { REJECTION_LOG_RATE } from './rejection-rate-limit.js';

const ISSUER = 'https://idp.example.com';
const options = resolveMcpAuthOptions({
  resource: 'https://api.example.com/mcp',
  authorizationServers: [{ issuer: ISSUER }],
});
const b64 = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned-looking JWT; the log only reads its allowlisted members. */
const token = (claims: Record<string, unknown>) =>
  `${b64({ alg: 'RS256', kid: 'k1' })}.${b64(claims)}.c2lnbmF0dXJlLW5ldmVyLWxvZ2dlZA`;

describe('McpAuthRejectionLog', () => {
  const logs = captureNestLogs();
  let clock = 0;
  const log = new McpAuthRejectionLog(options, () => clock);
  const audience = new InvalidTokenError('wrong_audience', ISSUER);
  const presented = token({ iss: ISSUER, aud: 'https://other.example' });

  it(`writes at most ${REJECTION_LOG_RATE.burst} lines per reason in a burst, then reports the suppressed count`, () => {
    logs.warnings.length = 0;
    for (let i = 0; i < 25; i += 1) log.tokenRefused(audience, presented);
    expect(logs.warnings).toHaveLength(REJECTION_LOG_RATE.burst);
    expect(logs.warnings.every((l) => !l.includes('suppressed'))).toBe(true);

    // Another reason has its own bucket.
    log.tokenRefused(new InvalidTokenError('untrusted_issuer'), presented);
    expect(logs.warnings).toHaveLength(REJECTION_LOG_RATE.burst + 1);

    clock += REJECTION_LOG_RATE.refillMs - 1;
    log.tokenRefused(audience, presented);
    expect(logs.warnings).toHaveLength(REJECTION_LOG_RATE.burst + 1);

    clock += 1;
    log.tokenRefused(audience, presented);
    expect(logs.warnings).toHaveLength(REJECTION_LOG_RATE.burst + 2);
    expect(logs.warnings.at(-1)).toMatch(
      /reason=wrong_audience .* \(16 more wrong_audience rejections suppressed\)$/,
    );
    log.tokenRefused(audience, presented);
    expect(logs.warnings).toHaveLength(REJECTION_LOG_RATE.burst + 2);
  });

  it('refills up to the burst only, however long it was quiet', () => {
    clock += REJECTION_LOG_RATE.refillMs * 1000;
    logs.warnings.length = 0;
    for (let i = 0; i < 30; i += 1) log.tokenRefused(audience, presented);
    expect(logs.warnings).toHaveLength(REJECTION_LOG_RATE.burst);
  });

  it('explains a token over the size limit by its length only', () => {
    logs.others.length = 0;
    log.tokenRefused(new InvalidTokenError('too_large'), 'a'.repeat(20_000));
    expect(logs.others).toEqual([
      expect.stringMatching(
        /^Rejected bearer token: reason=too_large kid=\(absent\) alg=\(absent\) length=20000 max=16384; fix: /,
      ),
    ]);
  });

  it('logs requests refused for their scopes with the missing ones, others by name, at debug', () => {
    logs.others.length = 0;
    log.requestRefused(
      new InsufficientScopeError(['notes:read', 'notes:write'], ['notes:read']),
    );
    log.requestRefused(new MissingCredentialsError());
    expect(logs.others).toEqual([
      expect.stringContaining(
        'reason=insufficient_scope needed=["notes:read","notes:write"] granted=["notes:read"] missing=["notes:write"]',
      ),
      'Rejected request: MissingCredentialsError',
    ]);
  });

  it('warns of a full DPoP replay store with its reason, the Retry-After sent and the fix; an unreachable one by name', () => {
    logs.warnings.length = 0;
    logs.others.length = 0;
    log.requestRefused(new DpopReplayStoreFullError(42));
    log.requestRefused(new DpopReplayUnavailableError());
    expect(logs.warnings).toEqual([
      expect.stringMatching(
        /^Rejected DPoP request: reason=replay_store_full retry_after=42s; fix: .*dpopReplayCacheSize \(MCP_AUTH_DPOP_REPLAY_CACHE_SIZE\).*503 with Retry-After/,
      ),
    ]);
    expect(logs.others).toEqual([
      'Rejected request: DpopReplayUnavailableError',
    ]);
  });

  it('never writes the signature', () => {
    expect([...logs.warnings, ...logs.others].join('\n')).not.toContain(
      'c2lnbmF0dXJlLW5ldmVyLWxvZ2dlZA',
    );
  });
});
