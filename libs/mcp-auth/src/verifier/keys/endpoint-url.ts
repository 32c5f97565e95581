import { isLoopbackHost } from '../../config/url-rules.js';

/**
 * Why a discovered endpoint (`jwks_uri`, `introspection_endpoint`) may not be used, or
 * `undefined`: it must be an https URL, or http on a loopback host or with `allowInsecureHttp`.
 */
export function endpointUrlProblem(
  member: string,
  value: string,
  allowInsecureHttp: boolean,
): string | undefined {
  if (!URL.canParse(value)) {
    return `${member} ${JSON.stringify(value)} is not a URL`;
  }
  const url = new URL(value);
  if (url.protocol === 'https:') return undefined;
  if (
    url.protocol === 'http:' &&
    (isLoopbackHost(url.hostname) || allowInsecureHttp)
  ) {
    return undefined;
  }
  return `${member} ${value} is not https`;
}
