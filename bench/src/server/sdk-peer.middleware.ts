import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { RequestHandler } from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { ServerConfig } from './server-kind.js';

/**
 * Peer 1: the MCP SDK's `requireBearerAuth` with a verifier built the usual way on jose
 * (`createRemoteJWKSet` + `jwtVerify`, exact issuer and audience, RS256 only).
 */
export function sdkPeerMiddleware(config: ServerConfig): RequestHandler {
  const jwks = createRemoteJWKSet(new URL(config.jwksUri));
  const verifier = {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      try {
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
      } catch {
        throw new InvalidTokenError('Invalid access token');
      }
    },
  };
  return requireBearerAuth({ verifier }) as RequestHandler;
}
