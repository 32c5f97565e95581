import { isScopeToken } from '../config/scope-syntax.js';

/** OAuth error codes used in Bearer challenges (RFC 6750 §3.1). */
export type BearerErrorCode =
  'invalid_request' | 'invalid_token' | 'insufficient_scope';

/** Parameters of a `WWW-Authenticate: Bearer` challenge. */
export interface BearerChallengeParams {
  /** RFC 9728 §5.1 `resource_metadata`: URL of the protected resource metadata. */
  resourceMetadata: string;
  error?: BearerErrorCode;
  /** Short, fixed text; never request input. */
  errorDescription?: string;
  /** Scopes to ask for; entries that are not valid scope tokens are dropped. */
  scope?: readonly string[];
}

/**
 * Builds a `WWW-Authenticate` value (RFC 6750 §3): quoted auth-params, `"` and `\` escaped,
 * anything outside printable ASCII removed, so no input can break or inject into the header.
 */
export function bearerChallenge(params: BearerChallengeParams): string {
  const parts: string[] = [];
  if (params.error) parts.push(param('error', params.error));
  if (params.errorDescription) {
    parts.push(param('error_description', params.errorDescription));
  }
  const scopes = [...new Set(params.scope ?? [])].filter(isScopeToken);
  if (scopes.length > 0) parts.push(param('scope', scopes.join(' ')));
  parts.push(param('resource_metadata', params.resourceMetadata));
  return `Bearer ${parts.join(', ')}`;
}

function param(name: string, value: string): string {
  const safe = value.replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '\\$&');
  return `${name}="${safe}"`;
}
