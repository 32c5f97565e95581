import { describe, expect, it } from '@jest/globals';
import { checkOf, checkStatuses } from './token-checklist.js';

const statuses = (
  failed: Parameters<typeof checkStatuses>[0],
  strict = false,
) => Object.fromEntries(checkStatuses(failed, strict));

describe('the doctor checklist follows the verifier order (RFC 9068 §4)', () => {
  it('passes every check of an accepted token', () => {
    expect(new Set(Object.values(statuses(undefined)))).toEqual(
      new Set(['pass']),
    );
  });

  it('marks checks before the failing stage passed and the rest not reached', () => {
    expect(statuses(checkOf('unknown_key'))).toEqual({
      structure: 'pass',
      issuer: 'pass',
      algorithm: 'pass',
      typ: 'pass',
      key: 'fail',
      signature: 'skip',
      audience: 'skip',
      time: 'skip',
      subject: 'skip',
      scopes: 'skip',
    });
  });

  it('fails the typ check for an ID token, before any key is looked up (RFC 8725 §3.11)', () => {
    expect(statuses(checkOf('id_token'))).toMatchObject({
      algorithm: 'pass',
      typ: 'fail',
      key: 'skip',
      signature: 'skip',
    });
  });

  it('never claims a claims check passed when another claims check failed (unordered stage)', () => {
    expect(statuses(checkOf('missing_subject'))).toMatchObject({
      signature: 'pass',
      audience: 'skip',
      time: 'skip',
      subject: 'fail',
    });
  });

  it('checks typ with the claims when at+jwt is required', () => {
    expect(statuses(checkOf('bad_signature'), true)).toMatchObject({
      signature: 'fail',
      typ: 'skip',
    });
    expect(statuses(checkOf('bad_signature'), false)).toMatchObject({
      typ: 'pass',
    });
  });
});
