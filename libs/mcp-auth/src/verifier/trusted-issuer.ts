import { Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import { isLoopbackHost } from '../config/url-rules.js';
import {
  AuthorizationServerUnavailableError,
  InvalidTokenError,
} from '../errors/mcp-auth.errors.js';
import { DEFAULTS } from '../mcp-auth.constants.js';
import type { ResolvedAuthorizationServer } from '../mcp-auth-options.interface.js';
import { discoverJwksUri } from './issuer-discovery.js';
import { isKeySetUnavailable } from './jose-error-mapping.js';

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * One configured authorization server: its accepted audiences and algorithms, and the keys of its
 * JWKS (configured, or discovered on first use). Key and discovery fetches are single-flight.
 */
export class TrustedIssuer {
  private static readonly logger = new Logger('McpAuth');
  private keySet: RemoteKeySet | undefined;
  private discovery: Promise<RemoteKeySet> | undefined;
  private discoveryBlockedUntil = 0;

  constructor(
    readonly config: ResolvedAuthorizationServer,
    private readonly allowInsecureHttp: boolean,
  ) {
    if (config.jwksUri) this.keySet = remoteKeySet(config.jwksUri);
  }

  /** Key resolver for jose's `jwtVerify`, bound to this issuer's JWKS only. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const keySet = this.keySet ?? (await this.discover());
    try {
      return await keySet(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      if (isKeySetUnavailable(error)) {
        TrustedIssuer.logger.warn(
          `JWKS of issuer ${this.config.issuer} unavailable: ${describe(error)}`,
        );
        throw new AuthorizationServerUnavailableError(
          this.config.issuer,
          DEFAULTS.unavailableRetryAfterSeconds,
          { cause: error },
        );
      }
      throw new InvalidTokenError('unknown_key', this.config.issuer);
    }
  };

  private discover(): Promise<RemoteKeySet> {
    const waitMs = this.discoveryBlockedUntil - Date.now();
    if (waitMs > 0) {
      return Promise.reject(
        new AuthorizationServerUnavailableError(
          this.config.issuer,
          Math.ceil(waitMs / 1000),
        ),
      );
    }
    this.discovery ??= this.runDiscovery();
    return this.discovery;
  }

  private async runDiscovery(): Promise<RemoteKeySet> {
    const { issuer } = this.config;
    const result = await discoverJwksUri(issuer);
    const problem = result.ok
      ? this.jwksUriProblem(result.jwksUri)
      : result.problem;
    if (result.ok && problem === undefined) {
      this.keySet = remoteKeySet(result.jwksUri);
      TrustedIssuer.logger.log(`Issuer ${issuer}: JWKS at ${result.jwksUri}`);
      return this.keySet;
    }
    this.discovery = undefined;
    this.discoveryBlockedUntil = Date.now() + DEFAULTS.jwksCooldownMs;
    TrustedIssuer.logger.warn(
      `Issuer ${issuer}: metadata discovery failed: ${problem}`,
    );
    throw new AuthorizationServerUnavailableError(
      issuer,
      DEFAULTS.jwksCooldownMs / 1000,
    );
  }

  private jwksUriProblem(jwksUri: string): string | undefined {
    const url = new URL(jwksUri);
    if (url.protocol === 'https:') return undefined;
    if (
      url.protocol === 'http:' &&
      (isLoopbackHost(url.hostname) || this.allowInsecureHttp)
    ) {
      return undefined;
    }
    return `jwks_uri ${jwksUri} is not https`;
  }
}

function remoteKeySet(jwksUri: string): RemoteKeySet {
  return createRemoteJWKSet(new URL(jwksUri), {
    timeoutDuration: DEFAULTS.jwksTimeoutMs,
    cooldownDuration: DEFAULTS.jwksCooldownMs,
    cacheMaxAge: DEFAULTS.jwksCacheMaxAgeMs,
  });
}

function describe(error: unknown): string {
  if (error instanceof errors.JOSEError) return error.message;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : 'unknown error';
}
