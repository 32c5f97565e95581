import type { RequestHandler } from 'express';
import { auth } from 'express-oauth2-jwt-bearer';
import type { ServerConfig } from './server-kind.js';

/** What `express-oauth2-jwt-bearer` passes to `next` when it refuses a request. */
interface BearerError {
  status?: number;
  headers?: Record<string, string>;
  code?: string;
}

/**
 * Peer 2: Auth0's `express-oauth2-jwt-bearer` with the same issuer, JWKS and audience, RS256 only.
 * Its refusals are errors for an Express error handler; Nest would turn them into 500, so they are
 * answered here with the status and `WWW-Authenticate` they carry (as an app's error handler would).
 */
export function auth0PeerMiddleware(config: ServerConfig): RequestHandler {
  const verify = auth({
    issuer: config.issuer,
    jwksUri: config.jwksUri,
    audience: config.resource,
    tokenSigningAlg: 'RS256',
  });
  return (req, res, next) => {
    void verify(req, res, (error?: unknown) => {
      if (error === undefined) return next();
      const refusal = error as BearerError;
      res
        .status(refusal.status ?? 500)
        .set(refusal.headers ?? {})
        .json({ error: refusal.code ?? 'server_error' });
    });
  };
}
