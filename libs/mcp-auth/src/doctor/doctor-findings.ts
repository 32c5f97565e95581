import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import type { ResourceOwner } from '../verifier/resource-owner.interface.js';
import type { IssuerProbe } from '../verifier/keys/trusted-issuer.js';
import type { TokenFacts } from '../diagnostics/token-facts.js';
import { logList, logTime, logValue } from '../diagnostics/log-value.js';
import type { CheckId } from './token-checklist.js';
import { describeOpaqueCheck } from './credential-path.js';

/** What the doctor knows when it describes one check. */
export interface CheckContext {
  readonly facts: TokenFacts;
  readonly options: ResolvedMcpAuthOptions;
  readonly probes: readonly IssuerProbe[];
  readonly owner: ResourceOwner | undefined;
  /** Scopes the route asks for (`--scope`), besides `requiredScopes`. */
  readonly routeScopes: readonly string[];
  readonly now: number;
}

/** The facts behind one check, log-safe (allowlisted token members only, never `sub`). */
export function describeCheck(check: CheckId, c: CheckContext): string {
  const opaque = describeOpaqueCheck(check, c);
  if (opaque !== undefined) return opaque;
  const { facts, options } = c;
  const { header, claims } = facts;
  const server = options.authorizationServers.find(
    (s) => s.issuer === claims.iss,
  );
  switch (check) {
    case 'structure':
      return facts.decoded
        ? `compact JWS, ${facts.parts} parts, ${facts.length} characters; header and payload are JSON objects`
        : `${facts.parts} dot-separated parts, ${facts.length} characters`;
    case 'issuer':
      return `iss=${logValue(claims.iss)} trusted=${logList(options.authorizationServers.map((s) => s.issuer))}`;
    case 'algorithm':
      return `alg=${logValue(header.alg)} allowed=${server ? logList(server.algorithms) : '-'}`;
    case 'typ': {
      const markers = facts.idTokenClaims;
      return `typ=${logValue(header.typ)} accepted=${options.requireJwtAccessTokenType ? '["at+jwt"]' : '["at+jwt","JWT",(absent)]'}${markers.length > 0 ? ` id_token_claims=${logList(markers)}` : ''}`;
    }
    case 'key': {
      const probe = c.probes.find((p) => p.config.issuer === claims.iss);
      const jwks = probe && 'jwks' in probe ? probe.jwks.url : '-';
      return `kid=${logValue(header.kid)} jwks=${jwks}`;
    }
    case 'signature':
      return `alg=${logValue(header.alg)} kid=${logValue(header.kid)}`;
    case 'audience':
      return `aud=${logList(claims.aud)} accepted=${logList(server?.audiences ?? [options.resource])}`;
    case 'time':
      return [
        `exp=${logTime(claims.exp, c.now)}`,
        `nbf=${logTime(claims.nbf, c.now)}`,
        `iat=${logTime(claims.iat, c.now)}`,
        `tolerance=${options.clockToleranceSeconds}s`,
        ...(options.maxTokenAgeSeconds === undefined
          ? []
          : [`max_age=${options.maxTokenAgeSeconds}s`]),
      ].join(' ');
    case 'subject':
      return c.owner
        ? 'sub is a non-empty string (its value is not shown)'
        : 'sub must be a non-empty string (its value is not shown)';
    case 'scopes': {
      const granted = c.owner?.scopes ?? claims.scope ?? claims.scp;
      const needed = [
        ...new Set([...options.requiredScopes, ...c.routeScopes]),
      ];
      return `granted=${typeof granted === 'string' ? logList(granted.split(' ').filter(Boolean)) : logList(granted ?? [])} needed=${logList(needed)}`;
    }
  }
}
