import { isLoopbackHost } from '../config/url-rules.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import type { ScopeUse } from './scope-source.decorator.js';
import type { StartupFinding } from './startup-finding.js';

/** Problems of the options themselves (no network): plain http, `offline_access`, unadvertised scopes. */
export function optionsFindings(
  options: ResolvedMcpAuthOptions,
  scopeUses: readonly ScopeUse[],
): StartupFinding[] {
  const findings: StartupFinding[] = [];
  const insecure = (subject: string, url: string | undefined) => {
    if (url === undefined) return;
    const { protocol, hostname } = new URL(url);
    if (protocol !== 'http:' || isLoopbackHost(hostname)) return;
    findings.push({
      subject,
      problem: `${url} uses http on a non-loopback host: tokens travel in clear (OAuth 2.1 §1.5)`,
      fix: 'use https (behind a TLS-terminating proxy, configure the public https URL); allowInsecureHttp is for development only',
    });
  };
  insecure('resource', options.resource);
  for (const server of options.authorizationServers) {
    insecure(`issuer ${server.issuer}`, server.issuer);
    insecure(`issuer ${server.issuer}`, server.jwksUri);
  }
  if (options.requiredScopes.includes('offline_access')) {
    findings.push({
      subject: 'requiredScopes',
      problem:
        '"offline_access" is not a resource scope: access tokens need not carry it',
      fix: "remove it from requiredScopes (MCP_AUTH_REQUIRED_SCOPES); refresh tokens are the authorization server's business",
    });
  }
  const uses: ScopeUse[] = [
    { usedBy: 'requiredScopes', scopes: options.requiredScopes },
    ...scopeUses,
  ];
  const advertised = new Set(options.scopesSupported);
  for (const { usedBy, scopes } of uses) {
    if (usedBy !== 'requiredScopes' && scopes.includes('offline_access')) {
      findings.push({
        subject: usedBy,
        problem: 'needs "offline_access", which is not a resource scope',
        fix: 'remove it from the scopes this needs',
      });
    }
    const missing = scopes.filter(
      (scope) => scope !== 'offline_access' && !advertised.has(scope),
    );
    if (missing.length === 0) continue;
    findings.push({
      subject: usedBy,
      problem: `needs ${missing.map((s) => `"${s}"`).join(', ')}, not in scopesSupported: clients that request the advertised scopes (RFC 9728 §2 scopes_supported) will not get ${missing.length > 1 ? 'them' : 'it'}`,
      fix: `add ${missing.join(' ')} to scopesSupported (MCP_AUTH_SCOPES_SUPPORTED)`,
    });
  }
  return findings;
}
