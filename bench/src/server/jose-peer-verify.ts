import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { ServerConfig } from './server-kind.js';

/** What the SDK peers (v1 and v2) put in their `AuthInfo` for a verified token. */
export interface PeerAuthInfo {
  token: string;
  clientId: string;
  scopes: string[];
  expiresAt: number | undefined;
  extra: { subject: string | undefined };
}

/**
 * The token check the SDK peers are given, built the usual way on jose (`createRemoteJWKSet` +
 * `jwtVerify`: exact issuer and audience, RS256 only, `exp` and `sub` required). Rejects with
 * jose's error; each peer turns that into its SDK's own invalid-token error.
 */
export function joseVerify(
  config: ServerConfig,
): (token: string) => Promise<PeerAuthInfo> {
  const jwks = createRemoteJWKSet(new URL(config.jwksUri));
  return async (token) => {
    const { payload } = await jwtVerify(token, jwks, {
      issuer: config.issuer,
      audience: config.resource,
      algorithms: ['RS256'],
      requiredClaims: ['exp', 'sub'],
    });
    return {
      token,
      clientId: String(payload.client_id ?? ''),
      scopes:
        typeof payload.scope === 'string'
          ? payload.scope.split(' ').filter(Boolean)
          : [],
      expiresAt: payload.exp,
      extra: { subject: payload.sub },
    };
  };
}
