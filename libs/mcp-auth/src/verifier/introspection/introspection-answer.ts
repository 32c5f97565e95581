import type { JWTPayload } from 'jose';
import type { InvalidTokenReason } from '../../errors/invalid-token-reason.js';
import type { ResolvedAuthorizationServer } from '../../mcp-auth-options.interface.js';
import { lowercaseSchemeAndHost } from '../jwt/audience-spelling.js';
import { scopesFromClaims } from '../jwt/scopes-from-claims.js';
import { ownerClaimsProblem } from '../jwt/token-rules.js';
import type { ResourceOwner } from '../resource-owner.interface.js';

/** What the checks of an introspection answer depend on besides the issuer. */
export interface AnswerRules {
  readonly clockToleranceSeconds: number;
  readonly maxTokenAgeSeconds: number | undefined;
}

/** An introspection answer checked: the owner, or why the token is refused. */
export type AnswerVerdict =
  | { readonly ok: true; readonly owner: Omit<ResourceOwner, 'token'> }
  | {
      readonly ok: false;
      readonly reason: InvalidTokenReason;
      /** The answer's members, for the rejection log's allowlist (never sent anywhere). */
      readonly claims: Readonly<JWTPayload>;
    };

/** `token_type` / `typ` values of tokens that are no access tokens (RFC 7662 §2.2, Keycloak's `typ`). */
const NOT_ACCESS_TOKENS = new Set([
  'refresh_token',
  'refresh',
  'id_token',
  'id',
]);

/**
 * True when `answer` is an RFC 7662 §2.2 introspection response at all: a JSON object with a
 * boolean `active`. Anything else is a failing endpoint (503), never a refused token.
 */
export function isIntrospectionAnswer(answer: unknown): answer is JWTPayload {
  return (
    typeof answer === 'object' &&
    answer !== null &&
    !Array.isArray(answer) &&
    typeof (answer as { active?: unknown }).active === 'boolean'
  );
}

/**
 * Checks an introspection answer as a JWT access token's claims are checked (RFC 7662 §2.2,
 * RFC 9068 §4): `active` true; `iss`, when present, the issuer asked; `aud` containing an accepted
 * audience (RFC 8707; absent only with `acceptMissingAudience`); no refresh or ID token
 * (`token_type`, `typ`); `exp` required, `exp`/`nbf`/`iat` within the clock tolerance and the
 * maximum token age; `sub`; `scope`. `cnf` is kept: a `cnf.jkt` binds the token to a DPoP key
 * exactly as in a JWT (RFC 9449 §6.2).
 */
export function checkIntrospectionAnswer(
  answer: JWTPayload,
  server: ResolvedAuthorizationServer,
  rules: AnswerRules,
  nowSeconds = Math.floor(Date.now() / 1000),
): AnswerVerdict {
  const reason = answerProblem(answer, server, rules, nowSeconds);
  if (reason) return { ok: false, reason, claims: answer };
  const scopes = scopesFromClaims(answer);
  if (!scopes) return { ok: false, reason: 'bad_claims', claims: answer };
  const { aud, client_id: clientId } = answer;
  return {
    ok: true,
    owner: Object.freeze({
      subject: answer.sub!,
      issuer: server.issuer,
      clientId: typeof clientId === 'string' ? clientId : undefined,
      scopes: Object.freeze(scopes),
      audience: Object.freeze(
        typeof aud === 'string' ? [aud] : Array.isArray(aud) ? [...aud] : [],
      ),
      expiresAt: answer.exp!,
      claims: Object.freeze({ ...answer }),
    }),
  };
}

function answerProblem(
  answer: JWTPayload,
  server: ResolvedAuthorizationServer,
  rules: AnswerRules,
  now: number,
): InvalidTokenReason | undefined {
  if (answer.active !== true) return 'inactive';
  if (answer.iss !== undefined && answer.iss !== server.issuer)
    return 'untrusted_issuer';
  for (const member of ['token_type', 'typ']) {
    const value = answer[member];
    if (typeof value === 'string' && NOT_ACCESS_TOKENS.has(value.toLowerCase()))
      return 'wrong_type';
  }
  if (!audienceAccepted(answer.aud, server)) return 'wrong_audience';
  const tolerance = rules.clockToleranceSeconds;
  const claimsProblem = ownerClaimsProblem(answer, tolerance, now);
  if (claimsProblem) return claimsProblem;
  if (answer.exp! <= now - tolerance) return 'expired';
  if (typeof answer.nbf === 'number' && answer.nbf > now + tolerance)
    return 'not_yet_valid';
  if (rules.maxTokenAgeSeconds !== undefined) {
    if (typeof answer.iat !== 'number') return 'bad_claims';
    if (answer.iat < now - rules.maxTokenAgeSeconds - tolerance)
      return 'too_old';
  }
  return undefined;
}

/** `aud` (a string or an array of strings) names an accepted audience; scheme and host case-insensitive. */
function audienceAccepted(
  aud: unknown,
  server: ResolvedAuthorizationServer,
): boolean {
  if (aud === undefined)
    return server.introspection?.acceptMissingAudience === true;
  const values =
    typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  return values.some(
    (value) =>
      typeof value === 'string' &&
      (server.audiences.includes(value) ||
        server.audiences.includes(lowercaseSchemeAndHost(value))),
  );
}
