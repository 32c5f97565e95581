import { logList, logValue } from '../diagnostics/log-value.js';
import type { TokenFacts } from '../diagnostics/token-facts.js';
import { McpAuthError } from '../errors/mcp-auth.errors.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import { RefusedAnswerError } from '../verifier/introspection/refused-answer.error.js';
import type { ResourceOwner } from '../verifier/resource-owner.interface.js';
import { readAnswerFacts } from '../diagnostics/token-facts.js';
import type { CheckId } from './token-checklist.js';
import type { CheckContext } from './doctor-findings.js';

/**
 * The facts the doctor shows of an opaque token: its introspection answer's (allowlisted) when
 * it was introspected, else `undefined` (then the token's own, as a JWT).
 */
export function introspectedFacts(
  token: string,
  owner: ResourceOwner | undefined,
  refusal: McpAuthError | undefined,
  options: ResolvedMcpAuthOptions,
): TokenFacts | undefined {
  if (refusal instanceof RefusedAnswerError)
    return readAnswerFacts(refusal.answer, token);
  const server = options.authorizationServers.find(
    (s) => s.issuer === owner?.issuer,
  );
  if (owner && server?.introspection && owner.claims.active === true)
    return readAnswerFacts(owner.claims, token);
  return undefined;
}

/**
 * Which verification path took the credential, in words: JWT verification, RFC 7662
 * introspection (and where), or none. Verifiers of your own live in the application, not here.
 */
export function credentialPathLine(
  facts: TokenFacts,
  options: ResolvedMcpAuthOptions,
): string {
  const introspecting = options.authorizationServers
    .filter((s) => s.introspection)
    .map((s) => s.issuer);
  if (facts.introspected)
    return `  path              opaque token, introspected (RFC 7662) at ${logList(introspecting)}`;
  if (facts.decoded) {
    const trusted = options.authorizationServers.some(
      (s) => s.issuer === facts.claims.iss,
    );
    return trusted
      ? `  path              JWT of trusted issuer ${logValue(facts.claims.iss)}: signature and claims (RFC 9068)`
      : `  path              JWT of an issuer not trusted (${logValue(facts.claims.iss)}): never introspected; only a verifier of your own (@McpCredentialVerifier, in your application, not run here) could accept it`;
  }
  return introspecting.length > 0
    ? `  path              not a JWT: introspected (RFC 7662) at ${logList(introspecting)}`
    : '  path              not a JWT, and no issuer introspects (authorizationServers[].introspection): refused unless a verifier of your own (@McpCredentialVerifier, in your application, not run here) accepts it';
}

/** The checks that do not apply to an opaque token (no header, no signature of its own). */
export function describeOpaqueCheck(
  check: CheckId,
  c: CheckContext,
): string | undefined {
  if (!c.facts.introspected) return undefined;
  switch (check) {
    case 'structure':
      return `opaque token, ${c.facts.length} characters (not a JWS): sent to introspection`;
    case 'issuer':
      return `introspected; iss=${logValue(c.facts.claims.iss)} (must be the issuer asked when present)`;
    case 'algorithm':
    case 'typ':
    case 'key':
      return 'does not apply to an opaque token';
    case 'signature':
      return 'the authorization server\'s answer "active" stands for a signature (RFC 7662 §2.2)';
    default:
      return undefined;
  }
}
