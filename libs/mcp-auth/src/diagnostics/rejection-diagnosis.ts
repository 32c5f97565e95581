import type { InvalidTokenReason } from '../errors/invalid-token-reason.js';
import type {
  InsufficientScopeError,
  InvalidTokenError,
} from '../errors/mcp-auth.errors.js';
import {
  ASYMMETRIC_ALGORITHMS,
  MAX_TOKEN_LENGTH,
} from '../mcp-auth.constants.js';
import type {
  ResolvedAuthorizationServer,
  ResolvedMcpAuthOptions,
} from '../mcp-auth-options.interface.js';
import { logList, logTime, logValue } from './log-value.js';
import { audienceShapeHint } from './audience-hints.js';
import { nearMatch } from './near-match.js';
import type { TokenFacts } from './token-facts.js';

/** Why a request was refused, for an operator: reason code, log-safe facts, and the fix. */
export interface RejectionDiagnosis {
  readonly reason: InvalidTokenReason | 'insufficient_scope';
  /** `warn` for configuration-shaped refusals (audience, issuer, unknown key), else `debug`. */
  readonly level: 'warn' | 'debug';
  /** `name=value` pairs; values already made safe by `logValue` / `logList`. */
  readonly facts: readonly (readonly [string, string])[];
  /** What to change, naming the option that relaxes the rule where one does. */
  readonly fix: string;
}

/** Refusals that usually mean the server or the identity provider is set up wrong. */
const CONFIGURATION_SHAPED = new Set<string>([
  'wrong_audience',
  'untrusted_issuer',
  'unknown_key',
]);
const ASYMMETRIC = new Set<string>(ASYMMETRIC_ALGORITHMS);

/**
 * Explains an `InvalidTokenError` from the token's allowlisted `facts` and the options in force.
 * `nowSeconds` is the wall clock the time claims are compared with.
 */
export function diagnoseInvalidToken(
  error: InvalidTokenError,
  facts: TokenFacts,
  options: ResolvedMcpAuthOptions,
  nowSeconds: number,
): RejectionDiagnosis {
  const server = serverOf(error.issuer, facts, options);
  const base: [string, string][] = [
    ...(server
      ? [['issuer', logValue(server.issuer)] as [string, string]]
      : []),
    ...((facts.introspected
      ? [['token', 'opaque (introspected)']]
      : [
          ['kid', logValue(facts.header.kid)],
          ['alg', logValue(facts.header.alg)],
        ]) as [string, string][]),
  ];
  const client = facts.claims.client_id ?? facts.claims.azp;
  if (client !== undefined) base.push(['client_id', logValue(client)]);
  const { facts: extra, fix } = explain(
    error.reason,
    facts,
    options,
    server,
    nowSeconds,
  );
  return {
    reason: error.reason,
    level: CONFIGURATION_SHAPED.has(error.reason) ? 'warn' : 'debug',
    facts: [...base, ...extra],
    fix,
  };
}

/** Explains a 403: which of the needed scopes the token lacks. */
export function diagnoseInsufficientScope(
  error: InsufficientScopeError,
): RejectionDiagnosis {
  const missing = error.requiredScopes.filter(
    (scope) => !error.grantedScopes.includes(scope),
  );
  return {
    reason: 'insufficient_scope',
    level: 'debug',
    facts: [
      ['needed', logList(error.requiredScopes)],
      ['granted', logList(error.grantedScopes)],
      ['missing', logList(missing)],
    ],
    fix: 'the client must request the missing scopes (the 403 challenge names them) and the identity provider must grant them; requiredScopes (MCP_AUTH_REQUIRED_SCOPES) and @RequireScopes() set what is needed',
  };
}

/** `reason=… name=value …; fix: …` */
export function formatDiagnosis(diagnosis: RejectionDiagnosis): string {
  const facts = diagnosis.facts.map(([name, value]) => `${name}=${value}`);
  return `reason=${diagnosis.reason} ${facts.join(' ')}; fix: ${diagnosis.fix}`;
}

interface Explanation {
  readonly facts: [string, string][];
  readonly fix: string;
}

function explain(
  reason: InvalidTokenReason,
  facts: TokenFacts,
  options: ResolvedMcpAuthOptions,
  server: ResolvedAuthorizationServer | undefined,
  now: number,
): Explanation {
  const { claims, header } = facts;
  const tolerance = options.clockToleranceSeconds;
  const toleranceFact: [string, string] = ['tolerance', `${tolerance}s`];
  switch (reason) {
    case 'malformed':
      return {
        facts: [
          ['parts', String(facts.parts)],
          ['length', String(facts.length)],
        ],
        fix:
          facts.parts === 3
            ? 'the token is not a well-formed JWT (header and payload must be canonical base64url JSON objects, RFC 7515 §7.1); the client sent something else than the access token'
            : 'the token is not a JWT (a compact JWS has 3 dot-separated parts, RFC 7515 §7.1): this server verifies JWT access tokens (RFC 9068) only; an opaque token, e.g. from Auth0 without an API audience, cannot be verified here: have the identity provider issue a JWT access token for this resource',
      };
    case 'too_large':
      return {
        facts: [
          ['length', String(facts.length)],
          ['max', String(MAX_TOKEN_LENGTH)],
        ],
        fix: `tokens over ${MAX_TOKEN_LENGTH} characters are refused; reduce the claims the identity provider puts in access tokens`,
      };
    case 'untrusted_issuer': {
      const trusted = options.authorizationServers.map((s) => s.issuer);
      const near = nearMatch(claims.iss, trusted);
      return {
        facts: [
          ['iss', logValue(claims.iss)],
          ['trusted', logList(trusted)],
          ...(near ? ([['hint', near]] as [string, string][]) : []),
        ],
        fix: 'iss must equal a configured issuer exactly (RFC 9068 §4: scheme, host, path and trailing slash count); if you trust this issuer, add it to authorizationServers (MCP_AUTH_AUTHORIZATION_SERVERS) exactly as the token spells it',
      };
    }
    case 'algorithm_not_allowed': {
      const allowed = server?.algorithms ?? [];
      const asymmetric =
        typeof header.alg === 'string' && ASYMMETRIC.has(header.alg);
      return {
        facts: [['allowed', logList(allowed)]],
        fix: asymmetric
          ? `the issuer signs with ${header.alg as string}, which is not in its allowlist: add it to authorizationServers[].algorithms (the "algorithms" member of MCP_AUTH_AUTHORIZATION_SERVERS)`
          : 'none and symmetric (HS*) algorithms are never accepted (RFC 8725 §3.1, §3.2): the token is forged, or the identity provider signs with a shared secret; configure it to sign access tokens with RS256, PS256, ES256 or EdDSA',
      };
    }
    case 'wrong_type':
      return {
        facts: [
          ['typ', logValue(header.typ)],
          [
            'accepted',
            options.requireJwtAccessTokenType
              ? '["at+jwt"]'
              : '["at+jwt","JWT",(absent)]',
          ],
        ],
        fix: options.requireJwtAccessTokenType
          ? 'requireJwtAccessTokenType (MCP_AUTH_REQUIRE_AT_JWT) accepts only typ "at+jwt" (RFC 9068 §2.1): enable the RFC 9068 token profile at the identity provider, or set it to false'
          : 'the token type is not an access token (RFC 9068 §2.1, RFC 8725 §3.11); send the access token, not an ID token or another JWT',
      };
    case 'id_token':
      return {
        facts: [
          ['typ', logValue(header.typ)],
          ['id_token_claims', logList(facts.idTokenClaims)],
        ],
        fix: `this is an OpenID Connect ID token (it carries claims only ID tokens have), not an access token (RFC 9068 §4, RFC 8725 §3.11): the client must send the access_token of the token response, never the id_token; if this issuer really puts these claims in its access tokens, have it type them "at+jwt", or set refuseIdTokens: false for it (the "refuseIdTokens" member of MCP_AUTH_AUTHORIZATION_SERVERS, or MCP_AUTH_REFUSE_ID_TOKENS=false)`,
      };
    case 'unknown_key':
      return {
        facts: [['cooldown', `${options.jwksCooldownSeconds}s`]],
        fix: `no key with this kid (and a type fit for alg) in the issuer's JWKS, refetched at most once per jwksCooldownSeconds: the token was signed by another environment or tenant, or with a key the JWKS no longer publishes; check jwksUri (or the jwks_uri its metadata names)`,
      };
    case 'bad_signature':
      return {
        facts: [],
        fix: 'the signature does not verify with the published key: the token was altered, or a key with the same kid belongs to another environment (check jwksUri)',
      };
    case 'wrong_audience': {
      const accepted = server?.audiences ?? [options.resource];
      const presented = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      const near =
        presented
          .map((aud) => nearMatch(aud, accepted))
          .find((hint) => hint !== undefined) ?? audienceShapeHint(presented);
      return {
        facts: [
          ['aud', logList(claims.aud)],
          ['accepted', logList(accepted)],
          ...(near ? ([['hint', near]] as [string, string][]) : []),
        ],
        fix: `aud must contain an accepted audience exactly (RFC 9068 §4, RFC 8707): have the identity provider put ${logValue(options.resource)} in aud (the client's RFC 8707 resource parameter, or the API identifier / Audience setting), or, if the presented value designates this server, list it in authorizationServers[].audiences (the "audiences" member of MCP_AUTH_AUTHORIZATION_SERVERS)`,
      };
    }
    case 'expired':
      return {
        facts: [['exp', logTime(claims.exp, now)], toleranceFact],
        fix: "the client must get a new token (refresh); if this server's clock is behind, fix it (NTP); clockToleranceSeconds (MCP_AUTH_CLOCK_TOLERANCE_SECONDS) widens the leeway",
      };
    case 'not_yet_valid':
      return {
        facts: [['nbf', logTime(claims.nbf, now)], toleranceFact],
        fix: "nbf is in the future: this server's clock or the identity provider's is off (NTP); clockToleranceSeconds (MCP_AUTH_CLOCK_TOLERANCE_SECONDS) widens the leeway",
      };
    case 'issued_in_future':
      return {
        facts: [['iat', logTime(claims.iat, now)], toleranceFact],
        fix: "iat is in the future: this server's clock or the identity provider's is off (NTP); clockToleranceSeconds (MCP_AUTH_CLOCK_TOLERANCE_SECONDS) widens the leeway",
      };
    case 'too_old':
      return {
        facts: [
          ['iat', logTime(claims.iat, now)],
          ['max_age', `${options.maxTokenAgeSeconds ?? '-'}s`],
          toleranceFact,
        ],
        fix: 'the token was issued longer ago than maxTokenAgeSeconds (MCP_AUTH_MAX_TOKEN_AGE_SECONDS) allows (an iat is then required): the client must get a fresh token, or raise the option',
      };
    case 'bad_claims':
      return {
        facts: [
          ['exp', logValue(claims.exp)],
          ['nbf', logValue(claims.nbf)],
          ['iat', logValue(claims.iat)],
          ['scope', logValue(claims.scope)],
          ['scp', logValue(claims.scp)],
        ],
        fix: 'exp is required and exp, nbf, iat must be NumericDate numbers (RFC 7519 §4.1); scope a space-separated string (RFC 9068 §2.2.3) or scp a string or an array',
      };
    case 'missing_subject':
      return {
        facts: [],
        fix: 'sub must be a non-empty string (RFC 9068 §2.2); configure the identity provider to include it in access tokens',
      };
    case 'inactive':
      return {
        facts: [
          [
            'introspected_at',
            logValue(server?.issuer ?? 'every introspecting issuer'),
          ],
        ],
        fix: 'the authorization server says the token is not active (RFC 7662 §2.2): revoked, expired, unknown to it, or issued by another server; the client must get a new token',
      };
    case 'unrecognised':
      return {
        facts: [
          ['parts', String(facts.parts)],
          ['length', String(facts.length)],
        ],
        fix: 'no path claims this credential: it is not a JWT of a trusted issuer, no verifier of your own (@McpCredentialVerifier) recognised it, and no issuer introspects opaque tokens (authorizationServers[].introspection)',
      };
    case 'refused_by_verifier':
      return {
        facts: [],
        fix: 'a verifier of your own (@McpCredentialVerifier) recognised and refused the credential (see the detail); the caller needs a valid one',
      };
  }
}

/** The trusted issuer the error names, else the one the token claims (when trusted). */
function serverOf(
  issuer: string | undefined,
  facts: TokenFacts,
  options: ResolvedMcpAuthOptions,
): ResolvedAuthorizationServer | undefined {
  const name = issuer ?? facts.claims.iss;
  return options.authorizationServers.find((s) => s.issuer === name);
}
