import type { IntrospectionProbe } from '../verifier/introspection/opaque-token-verifier.js';
import type { StartupFinding } from './startup-finding.js';

/** The introspecting issuers whose RFC 7662 endpoint could not be found at boot. */
export function introspectionFindings(
  probes: readonly IntrospectionProbe[],
): StartupFinding[] {
  return probes
    .filter((probe) => probe.problem !== undefined)
    .map((probe) => ({
      subject: `issuer ${probe.issuer}`,
      problem: probe.problem!,
      fix: 'set authorizationServers[].introspection.endpoint (the "introspection" member of MCP_AUTH_AUTHORIZATION_SERVERS), or check that the issuer is reachable; until then its opaque tokens are answered 503',
    }));
}
