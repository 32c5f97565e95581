import { JWKS_LIMITS } from '../../mcp-auth.constants.js';
import { BoundedFetchError, fetchJsonBounded } from './fetch-json-bounded.js';

/** Where an issuer's metadata may be found, in the order they are tried. */
export function discoveryUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return [
    // RFC 8414 §3.1: path-inserted well-known URL.
    new URL(`/.well-known/oauth-authorization-server${path}`, url.origin).href,
    // OpenID Connect Discovery 1.0 §4: appended to the issuer.
    `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
  ];
}

/** Outcome of looking up one metadata document. */
export type DiscoveryResult =
  | { ok: true; jwksUri: string }
  | {
      ok: false;
      problem: string;
      unreachable: boolean;
      /** The `issuer` a fetched metadata document named instead of the configured one. */
      claimedIssuer?: string;
    };

/**
 * Finds the `jwks_uri` of `issuer` from RFC 8414 metadata, then OpenID Connect discovery.
 * The document's `issuer` must equal the configured one exactly (RFC 8414 §3.3). Each document is
 * fetched with `fetchJsonBounded` (no redirects, size-capped); `timeoutMs` bounds the whole lookup.
 */
export async function discoverJwksUri(
  issuer: string,
  timeoutMs: number,
): Promise<DiscoveryResult> {
  const result = await discoverEndpoint(issuer, 'jwks_uri', timeoutMs);
  return result.ok ? { ok: true, jwksUri: result.url } : result;
}

/** A metadata member that names an endpoint (RFC 8414 §2). */
export type MetadataEndpoint = 'jwks_uri' | 'introspection_endpoint';

/** Outcome of `discoverEndpoint`. */
export type EndpointDiscovery =
  { ok: true; url: string } | Extract<DiscoveryResult, { ok: false }>;

/**
 * Finds the endpoint named `member` in the metadata of `issuer`, under the same rules and bounds
 * as `discoverJwksUri`.
 */
export async function discoverEndpoint(
  issuer: string,
  member: MetadataEndpoint,
  timeoutMs: number,
): Promise<EndpointDiscovery> {
  const problems: string[] = [];
  let unreachable = false;
  let claimedIssuer: string | undefined;
  const deadline = Date.now() + timeoutMs;
  for (const url of discoveryUrls(issuer)) {
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) {
      problems.push(`${url}: not tried, time limit of ${timeoutMs} ms reached`);
      unreachable = true;
      break;
    }
    const result = await readMetadata(url, issuer, remainingMs, member);
    if (result.ok) return result;
    unreachable ||= result.unreachable;
    claimedIssuer ??= result.claimedIssuer;
    problems.push(`${url}: ${result.problem}`);
  }
  return {
    ok: false,
    problem: problems.join('; '),
    unreachable,
    claimedIssuer,
  };
}

async function readMetadata(
  url: string,
  issuer: string,
  timeoutMs: number,
  member: MetadataEndpoint,
): Promise<EndpointDiscovery> {
  let document: unknown;
  try {
    ({ json: document } = await fetchJsonBounded(url, {
      timeoutMs,
      maxBytes: JWKS_LIMITS.maxMetadataBytes,
    }));
  } catch (error) {
    if (!(error instanceof BoundedFetchError)) throw error;
    return { ok: false, problem: error.detail, unreachable: error.unreachable };
  }
  const { issuer: claimed, [member]: endpoint } = (document ?? {}) as Record<
    string,
    unknown
  >;
  if (claimed !== issuer) {
    return {
      ok: false,
      problem:
        'metadata "issuer" does not equal the configured issuer (RFC 8414 §3.3)',
      unreachable: false,
      claimedIssuer: typeof claimed === 'string' ? claimed : undefined,
    };
  }
  if (typeof endpoint !== 'string' || !/^https?:\/\//.test(endpoint)) {
    return { ok: false, problem: `no usable "${member}"`, unreachable: false };
  }
  return { ok: true, url: endpoint };
}
