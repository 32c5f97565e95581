import type { InvalidTokenReason } from '../errors/invalid-token-reason.js';

/** One check of the doctor's list, in the order the verifier and the guard apply them. */
export type CheckId =
  | 'structure'
  | 'issuer'
  | 'algorithm'
  | 'typ'
  | 'key'
  | 'signature'
  | 'audience'
  | 'time'
  | 'subject'
  | 'scopes';

/** The check a refusal belongs to (`unavailable`: the issuer's keys could not be fetched). */
export function checkOf(
  reason: InvalidTokenReason | 'insufficient_scope' | 'unavailable',
): CheckId {
  switch (reason) {
    case 'malformed':
    case 'too_large':
    case 'unrecognised':
      return 'structure';
    case 'untrusted_issuer':
      return 'issuer';
    case 'algorithm_not_allowed':
      return 'algorithm';
    case 'wrong_type':
    case 'id_token':
      return 'typ';
    case 'unknown_key':
    case 'unavailable':
      return 'key';
    // An opaque token's or own credential's authority stands where a signature would.
    case 'bad_signature':
    case 'inactive':
    case 'refused_by_verifier':
      return 'signature';
    case 'wrong_audience':
      return 'audience';
    case 'expired':
    case 'not_yet_valid':
    case 'issued_in_future':
    case 'too_old':
    case 'bad_claims':
      return 'time';
    case 'missing_subject':
      return 'subject';
    case 'insufficient_scope':
      return 'scopes';
  }
}

/**
 * The checks as stages, in the order the verifier runs them: each stage passed entirely before
 * the next starts; the checks of one stage (the claims) are not ordered among themselves. `typ`
 * is read with the header unless `requireJwtAccessTokenType`, then with the claims (RFC 9068 §4).
 */
export function checkStages(strictType: boolean): readonly CheckId[][] {
  return [
    ['structure'],
    ['issuer'],
    ['algorithm'],
    ...(strictType ? [] : [['typ'] as CheckId[]]),
    ['key'],
    ['signature'],
    [
      ...(strictType ? (['typ'] as CheckId[]) : []),
      'audience',
      'time',
      'subject',
    ],
    ['scopes'],
  ];
}

/** Status of each check: passed, failed (the one refusal), or not reached. */
export type CheckStatus = 'pass' | 'fail' | 'skip';

/** Every check's status given the failing one (`undefined`: the token was accepted). */
export function checkStatuses(
  failed: CheckId | undefined,
  strictType: boolean,
): Map<CheckId, CheckStatus> {
  const statuses = new Map<CheckId, CheckStatus>();
  let reached = true;
  for (const stage of checkStages(strictType)) {
    const failing = failed !== undefined && stage.includes(failed);
    for (const check of stage) {
      statuses.set(
        check,
        failed === undefined
          ? 'pass'
          : check === failed
            ? 'fail'
            : reached && !failing
              ? 'pass'
              : 'skip',
      );
    }
    if (failing) reached = false;
  }
  return statuses;
}
