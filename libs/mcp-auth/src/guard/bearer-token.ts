import {
  InvalidRequestError,
  MissingCredentialsError,
} from '../errors/mcp-auth.errors.js';
import { assertB64Token } from '../verifier/jwt/b64token.js';
import type { HttpRequestLike } from '../http/http-request.js';
import { headerValues } from './header-values.js';

/** The parts of an HTTP request (Express or Fastify) the token extraction reads. */
export type RequestWithHeaders = Pick<
  HttpRequestLike,
  'headers' | 'rawHeaders' | 'headersDistinct' | 'raw'
>;

/**
 * Reads the bearer token from the `Authorization` header only (never query or body,
 * RFC 6750 §2 / MCP). Throws `MissingCredentialsError` when there is none,
 * `InvalidRequestError` for two headers, `InvalidTokenError` for a token of invalid syntax.
 */
export function extractBearerToken(request: RequestWithHeaders): string {
  const token = bearerCredentials(request);
  assertB64Token(token);
  return token;
}

/** An `Authorization` scheme this library accepts (RFC 6750 §2.1, RFC 9449 §7.1). */
export type CredentialScheme = 'Bearer' | 'DPoP';

/** The credentials of the one `Authorization` header: its scheme and token. */
export interface PresentedCredentials {
  readonly scheme: CredentialScheme;
  readonly token: string;
}

/**
 * What follows `Bearer 1*SP` (scheme case-insensitive, RFC 6750 §2.1) in the one `Authorization`
 * header, syntax not checked yet (the verifier checks it on a cache miss). Throws
 * `MissingCredentialsError` when there is none, `InvalidRequestError` for two headers.
 */
export function bearerCredentials(request: RequestWithHeaders): string {
  return authorizationCredentials(request, true, false).token;
}

/**
 * The scheme and token of the one `Authorization` header, for the schemes accepted: `Bearer`
 * (RFC 6750 §2.1) and `DPoP` (RFC 9449 §7.1), each case-insensitive and followed by one space.
 * Another scheme, or an accepted one with nothing after it, throws `MissingCredentialsError`;
 * two headers throw `InvalidRequestError`.
 */
export function authorizationCredentials(
  request: RequestWithHeaders,
  acceptsBearer: boolean,
  acceptsDpop: boolean,
): PresentedCredentials {
  const values = headerValues(request, 'authorization');
  if (values.length === 0) throw new MissingCredentialsError();
  if (values.length > 1)
    throw new InvalidRequestError('duplicate_authorization_header');
  const value = values[0].trim();
  const space = value.indexOf(' ');
  const name = space < 0 ? '' : value.slice(0, space).toLowerCase();
  const scheme: CredentialScheme | undefined =
    name === 'bearer' && acceptsBearer
      ? 'Bearer'
      : name === 'dpop' && acceptsDpop
        ? 'DPoP'
        : undefined;
  if (!scheme) throw new MissingCredentialsError();
  const token = value.slice(space + 1).trim();
  if (!token) throw new MissingCredentialsError();
  return { scheme, token };
}
