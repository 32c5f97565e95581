import { DpopPolicy } from '../dpop/dpop-policy.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';

/** OAuth 2.0 Protected Resource Metadata document (RFC 9728 §2). */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  bearer_methods_supported: ['header'];
  scopes_supported?: string[];
  resource_name?: string;
  resource_documentation?: string;
  /** RFC 9728 §2: JWS algorithms accepted for DPoP proofs (absent when DPoP is off). */
  dpop_signing_alg_values_supported?: string[];
  /** RFC 9728 §2: every token must be DPoP-bound (present only when true). */
  dpop_bound_access_tokens_required?: true;
}

/** Builds the metadata document once; members that would be empty are omitted. */
export function buildProtectedResourceMetadata(
  options: ResolvedMcpAuthOptions,
): Readonly<ProtectedResourceMetadata> {
  const document: ProtectedResourceMetadata = {
    resource: options.resource,
    authorization_servers: options.authorizationServers.map(
      (server) => server.issuer,
    ),
    bearer_methods_supported: ['header'],
  };
  if (options.scopesSupported.length > 0) {
    document.scopes_supported = [...options.scopesSupported];
  }
  if (options.resourceName) document.resource_name = options.resourceName;
  if (options.resourceDocumentation) {
    document.resource_documentation = options.resourceDocumentation;
  }
  const dpop = new DpopPolicy(options);
  if (dpop.acceptsDpop) {
    document.dpop_signing_alg_values_supported = [...options.dpopAlgorithms];
  }
  if (dpop.alwaysRequired) document.dpop_bound_access_tokens_required = true;
  return Object.freeze(document);
}
