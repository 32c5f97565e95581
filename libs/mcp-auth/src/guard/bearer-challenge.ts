import { isScopeToken } from '../config/scope-syntax.js';

/** OAuth error codes used in challenges (RFC 6750 §3.1, RFC 9449 §7.1, §9). */
export type BearerErrorCode =
  | 'invalid_request'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce';

/** Parameters of a `WWW-Authenticate` challenge (`Bearer` or `DPoP`). */
export interface BearerChallengeParams {
  /** RFC 9728 §5.1 `resource_metadata`: URL of the protected resource metadata. */
  resourceMetadata: string;
  error?: BearerErrorCode;
  /** Short, fixed text; never request input. */
  errorDescription?: string;
  /** Scopes to ask for; entries that are not valid scope tokens are dropped. */
  scope?: readonly string[];
  /** RFC 9449 §7.1 `algs`: the JWS algorithms accepted for DPoP proofs (`DPoP` scheme only). */
  algs?: readonly string[];
}

/**
 * Builds a `WWW-Authenticate` value (RFC 6750 §3): quoted auth-params, `"` and `\` escaped,
 * anything outside printable ASCII removed, so no input can break or inject into the header.
 */
export function bearerChallenge(params: BearerChallengeParams): string {
  return authChallenge('Bearer', params);
}

/** As `bearerChallenge`, for `scheme` (`DPoP` challenges carry `algs`, RFC 9449 §7.1). */
export function authChallenge(
  scheme: 'Bearer' | 'DPoP',
  params: BearerChallengeParams,
): string {
  const parts: string[] = [];
  if (params.error) parts.push(param('error', params.error));
  if (params.errorDescription) {
    parts.push(param('error_description', params.errorDescription));
  }
  const scopes = [...new Set(params.scope ?? [])].filter(isScopeToken);
  if (scopes.length > 0) parts.push(param('scope', scopes.join(' ')));
  parts.push(param('resource_metadata', params.resourceMetadata));
  if (params.algs && params.algs.length > 0) {
    parts.push(param('algs', params.algs.join(' ')));
  }
  return `${scheme} ${parts.join(', ')}`;
}

function param(name: string, value: string): string {
  const safe = value.replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '\\$&');
  return `${name}="${safe}"`;
}
