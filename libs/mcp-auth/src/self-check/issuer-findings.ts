import { ASYMMETRIC_ALGORITHMS } from '../mcp-auth.constants.js';
import { logValue } from '../diagnostics/log-value.js';
import { nearMatch } from '../diagnostics/near-match.js';
import type { ImportedJwk } from '../verifier/keys/imported-jwk.js';
import { canVerify, selectKeys } from '../verifier/keys/jwk-selection.js';
import type { IssuerProbe } from '../verifier/keys/trusted-issuer.js';
import type { StartupFinding } from './startup-finding.js';

/** The problems of one trusted issuer's metadata and JWKS, as probed at boot. */
export async function issuerFindings(
  probe: IssuerProbe,
): Promise<StartupFinding[]> {
  const { config } = probe;
  const subject = `issuer ${config.issuer}`;
  if ('discovery' in probe) {
    const { claimedIssuer, problem, unreachable } = probe.discovery;
    if (claimedIssuer !== undefined) {
      const near = nearMatch(claimedIssuer, [config.issuer]);
      return [
        {
          subject,
          problem: `its metadata names the issuer ${logValue(claimedIssuer)}${near ? ` (${near})` : ''}, which must equal the configured issuer exactly (RFC 8414 §3.3)`,
          fix: `configure the issuer exactly as the identity provider spells it, ${logValue(claimedIssuer)} (its tokens carry the same iss)`,
        },
      ];
    }
    return [
      {
        subject,
        problem: `metadata discovery failed: ${problem}`,
        fix: unreachable
          ? 'check the issuer URL and that this server can reach it (DNS, firewall, proxy), or set jwksUri; until then tokens of this issuer are answered 503'
          : 'check the issuer URL: /.well-known/oauth-authorization-server (RFC 8414) or /.well-known/openid-configuration must name a jwks_uri; or set jwksUri',
      },
    ];
  }
  const { jwks } = probe;
  if (!jwks.fetched) {
    return [
      {
        subject,
        problem: `JWKS ${jwks.url} could not be fetched: ${jwks.problem ?? 'unknown error'}`,
        fix: 'check jwksUri (or the jwks_uri of the metadata) and that this server can reach it; until then tokens of this issuer are answered 503',
      },
    ];
  }
  const findings: StartupFinding[] = [];
  const { entries } = jwks;
  if (jwks.secret > 0) {
    findings.push({
      subject,
      problem: `JWKS ${jwks.url} publishes ${jwks.secret} private or symmetric keys (ignored)`,
      fix: 'publish public keys only, and rotate the exposed keys',
    });
  }
  const kidless = entries.filter((entry) => entry.jwk.kid === undefined);
  if (kidless.length > 0) {
    findings.push({
      subject,
      problem: `${kidless.length} of ${entries.length} keys in JWKS ${jwks.url} have no kid: tokens that carry a kid never match them (RFC 7517 §4.5)`,
      fix: 'publish a kid on every key of the JWKS',
    });
  }
  for (const alg of config.algorithms) {
    const candidates = selectKeys(entries, alg, undefined);
    const keys = await Promise.all(candidates.map((e) => e.keyFor(alg)));
    if (keys.some((key) => key !== undefined)) continue;
    const fitting = algorithmsOf(entries);
    findings.push({
      subject,
      problem: `no key in JWKS ${jwks.url} can verify ${alg} (published: ${describeKeys(entries)})`,
      fix:
        fitting.length > 0
          ? `set authorizationServers[].algorithms to what the issuer signs with, e.g. ${JSON.stringify(fitting)}`
          : 'publish the public signing keys of the issuer in its JWKS',
    });
  }
  return findings;
}

/** `JWKS <url> (discovered), 2 keys, verifies RS256` */
export function issuerSummary(probe: IssuerProbe): string {
  if ('discovery' in probe) return `issuer ${probe.config.issuer}: no JWKS`;
  const { jwks, discovered } = probe;
  return `issuer ${probe.config.issuer}: JWKS ${jwks.url} (${discovered ? 'discovered' : 'configured'}), ${jwks.entries.length} keys, algorithms ${probe.config.algorithms.join(', ')}`;
}

function algorithmsOf(entries: readonly ImportedJwk[]): string[] {
  return ASYMMETRIC_ALGORITHMS.filter(
    (alg) => alg !== 'Ed25519' && entries.some((e) => canVerify(e.jwk, alg)),
  );
}

function describeKeys(entries: readonly ImportedJwk[]): string {
  if (entries.length === 0) return 'no usable public key';
  return entries
    .slice(0, 8)
    .map(({ jwk }) =>
      [
        logValue(jwk.kty),
        jwk.crv === undefined ? '' : ` ${logValue(jwk.crv)}`,
        jwk.alg === undefined ? '' : ` alg ${logValue(jwk.alg)}`,
        ` kid ${logValue(jwk.kid)}`,
      ].join(''),
    )
    .join(', ');
}
