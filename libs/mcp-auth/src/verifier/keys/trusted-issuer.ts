import { Logger } from '@nestjs/common';
import { errors, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { AuthorizationServerUnavailableError } from '../../errors/mcp-auth.errors.js';
import type { ResolvedAuthorizationServer } from '../../mcp-auth-options.interface.js';
import { endpointUrlProblem } from './endpoint-url.js';
import { discoverJwksUri, type DiscoveryResult } from './issuer-discovery.js';
import {
  JwksCache,
  type JwksCacheSettings,
  type JwksProbe,
  type KeyQuery,
} from './jwks-cache.js';

/** How a `TrustedIssuer` fetches: the JWKS cache timing, and whether plain `http` is allowed. */
export interface TrustedIssuerSettings extends JwksCacheSettings {
  readonly allowInsecureHttp: boolean;
}

/** What `TrustedIssuer.probe` found: the JWKS, or why discovery failed. */
export type IssuerProbe =
  | {
      readonly config: ResolvedAuthorizationServer;
      readonly discovered: boolean;
      readonly jwks: JwksProbe;
    }
  | {
      readonly config: ResolvedAuthorizationServer;
      readonly discovery: Extract<DiscoveryResult, { ok: false }>;
    };

/**
 * One configured authorization server: its accepted audiences and algorithms, and the keys of its
 * JWKS (configured, or discovered on first use) in a `JwksCache`. Discovery is single-flight and,
 * after a failure, not retried for a cooldown.
 */
export class TrustedIssuer {
  private static readonly logger = new Logger('McpAuth');
  private keys: JwksCache | undefined;
  private discovery: Promise<JwksCache> | undefined;
  private discoveryBlockedUntil = 0;
  private discoveryFailure: Extract<DiscoveryResult, { ok: false }> | undefined;

  constructor(
    readonly config: ResolvedAuthorizationServer,
    private readonly settings: TrustedIssuerSettings,
    /** Monotonic clock in milliseconds, shared with the cache; replaceable in tests. */
    private readonly now: () => number = () => performance.now(),
  ) {
    if (config.jwksUri) this.keys = this.cacheFor(config.jwksUri);
  }

  /**
   * Key resolver for jose's `jwtVerify`, bound to this issuer's JWKS only. When a token without
   * `kid` fits several keys it throws jose's `JWKSMultipleMatchingKeys`, whose async iterator
   * yields them (jose's convention): the caller tries each.
   */
  readonly getKey: JWTVerifyGetKey = async (header) => {
    const keys = await this.keysFor(header);
    if (keys.length === 1) return keys[0];
    throw multipleMatches(keys);
  };

  /**
   * The published keys that may verify a token with this header (one, or a few to try in order
   * when it has no `kid`), discovering and fetching the JWKS as needed.
   */
  async keysFor(header: KeyQuery): Promise<CryptoKey[]> {
    const cache = this.keys ?? (await this.discover());
    return cache.keysFor(header);
  }

  /**
   * Discovers the JWKS (unless configured) and fetches it now unless fresh, through the same
   * single-flight paths as tokens do, then reports what was found (boot self-check, doctor).
   */
  async probe(): Promise<IssuerProbe> {
    const discovered = this.config.jwksUri === undefined;
    let cache: JwksCache;
    try {
      cache = this.keys ?? (await this.discover());
    } catch (error) {
      if (!(error instanceof AuthorizationServerUnavailableError)) throw error;
      return {
        config: this.config,
        discovery: this.discoveryFailure ?? {
          ok: false,
          problem: 'metadata discovery failed',
          unreachable: true,
        },
      };
    }
    return { config: this.config, discovered, jwks: await cache.probe() };
  }

  /** Milliseconds this issuer's keys stay fresh; verified tokens are not remembered longer. */
  keysFreshForMs(): number {
    return this.keys?.freshForMs() ?? 0;
  }

  private cacheFor(jwksUri: string): JwksCache {
    return new JwksCache(this.config.issuer, jwksUri, this.settings, this.now);
  }

  private discover(): Promise<JwksCache> {
    const waitMs = this.discoveryBlockedUntil - this.now();
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

  private async runDiscovery(): Promise<JwksCache> {
    const { issuer } = this.config;
    const result = await discoverJwksUri(issuer, this.settings.timeoutMs);
    const problem = result.ok
      ? this.jwksUriProblem(result.jwksUri)
      : result.problem;
    if (result.ok && problem === undefined) {
      this.keys = this.cacheFor(result.jwksUri);
      TrustedIssuer.logger.log(`Issuer ${issuer}: JWKS at ${result.jwksUri}`);
      return this.keys;
    }
    this.discovery = undefined;
    this.discoveryBlockedUntil = this.now() + this.settings.cooldownMs;
    this.discoveryFailure = result.ok
      ? { ok: false, problem: problem!, unreachable: false }
      : result;
    TrustedIssuer.logger.warn(
      `Issuer ${issuer}: metadata discovery failed: ${problem}`,
    );
    throw new AuthorizationServerUnavailableError(
      issuer,
      Math.ceil(this.settings.cooldownMs / 1000),
    );
  }

  private jwksUriProblem(jwksUri: string): string | undefined {
    return endpointUrlProblem(
      'jwks_uri',
      jwksUri,
      this.settings.allowInsecureHttp,
    );
  }
}

function multipleMatches(keys: CryptoKey[]): errors.JWKSMultipleMatchingKeys {
  const error = new errors.JWKSMultipleMatchingKeys();
  error[Symbol.asyncIterator] = async function* () {
    yield* keys;
  };
  return error;
}
