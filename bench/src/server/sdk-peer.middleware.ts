import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { RequestHandler } from 'express';
import { joseVerify } from './jose-peer-verify.js';
import type { ServerConfig } from './server-kind.js';

/**
 * Peer 1: the MCP SDK's `requireBearerAuth` with a verifier built the usual way on jose
 * (`createRemoteJWKSet` + `jwtVerify`, exact issuer and audience, RS256 only).
 */
export function sdkPeerMiddleware(config: ServerConfig): RequestHandler {
  const verify = joseVerify(config);
  const verifier = {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      try {
        return await verify(token);
      } catch {
        throw new InvalidTokenError('Invalid access token');
      }
    },
  };
  return requireBearerAuth({ verifier }) as RequestHandler;
}
