import { DEFAULTS } from '../mcp-auth.constants.js';

const MAX_METADATA_BYTES = 512 * 1024;

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
  | { ok: false; problem: string; unreachable: boolean };

/**
 * Finds the `jwks_uri` of `issuer` from RFC 8414 metadata, then OpenID Connect discovery.
 * The document's `issuer` must equal the configured one exactly (RFC 8414 §3.3). No redirects.
 */
export async function discoverJwksUri(
  issuer: string,
  timeoutMs: number = DEFAULTS.discoveryTimeoutMs,
): Promise<DiscoveryResult> {
  const problems: string[] = [];
  let unreachable = false;
  for (const url of discoveryUrls(issuer)) {
    const result = await readMetadata(url, issuer, timeoutMs);
    if (result.ok) return result;
    unreachable ||= result.unreachable;
    problems.push(`${url}: ${result.problem}`);
  }
  return { ok: false, problem: problems.join('; '), unreachable };
}

async function readMetadata(
  url: string,
  issuer: string,
  timeoutMs: number,
): Promise<DiscoveryResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    return { ok: false, problem: describeFetchError(error), unreachable: true };
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    return {
      ok: false,
      problem: `HTTP ${response.status}`,
      unreachable: response.status >= 500,
    };
  }
  let document: unknown;
  try {
    const text = await response.text();
    if (text.length > MAX_METADATA_BYTES) {
      return { ok: false, problem: 'document too large', unreachable: false };
    }
    document = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON', unreachable: false };
  }
  const { issuer: claimed, jwks_uri: jwksUri } = (document ?? {}) as Record<
    string,
    unknown
  >;
  if (claimed !== issuer) {
    return {
      ok: false,
      problem:
        'metadata "issuer" does not equal the configured issuer (RFC 8414 §3.3)',
      unreachable: false,
    };
  }
  if (typeof jwksUri !== 'string' || !/^https?:\/\//.test(jwksUri)) {
    return { ok: false, problem: 'no usable "jwks_uri"', unreachable: false };
  }
  return { ok: true, jwksUri };
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError')
    return 'timed out';
  return 'unreachable';
}
