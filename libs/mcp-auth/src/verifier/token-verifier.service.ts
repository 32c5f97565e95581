import { Inject, Injectable, Optional } from '@nestjs/common';
import { errors, jwtVerify, type JWTPayload, type CryptoKey } from 'jose';
import { InvalidTokenError, McpAuthError } from '../errors/mcp-auth.errors.js';
import {
  MAX_TOKEN_LENGTH,
  MCP_AUTH_RESOLVED_OPTIONS,
} from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import type { ClaimsCheckOptions } from './jwt/claims-checks.js';
import { assertB64Token } from './jwt/b64token.js';
import { parseCompactJwt, type CompactJwt } from './jwt/compact-jwt.js';
import { CredentialVerifiers } from './custom/credential-verifiers.explorer.js';
import type { IntrospectionProbe } from './introspection/opaque-token-verifier.js';
import { OtherCredentials } from './other-credentials.js';
import { reasonFromJoseError } from './jwt/jose-error-mapping.js';
import { withAudienceSpellings } from './jwt/audience-spelling.js';
import {
  verifyJwtWithNodeCrypto,
  type VerifiedJwt,
} from './jwt/node-jwt-verify.js';
import type { ResourceOwner } from './resource-owner.interface.js';
import { scopesFromClaims } from './jwt/scopes-from-claims.js';
import {
  headerProblem,
  idTokenProblem,
  ownerClaimsProblem,
} from './jwt/token-rules.js';
import { TrustedIssuer, type IssuerProbe } from './keys/trusted-issuer.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

/**
 * Verifies bearer access tokens (JWT) against the configured trusted issuers, following
 * RFC 9068 and RFC 8725. Injectable so applications can verify tokens themselves.
 */
@Injectable()
export class McpTokenVerifier {
  private readonly issuers = new Map<string, TrustedIssuer>();
  private readonly verifyOptions = new Map<TrustedIssuer, ClaimsCheckOptions>();
  private readonly cache: VerifiedTokenCache | undefined;
  /** Opaque tokens (RFC 7662) and verifiers of your own: what is not a trusted issuer's JWT. */
  private readonly others: OtherCredentials;

  constructor(
    @Inject(MCP_AUTH_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpAuthOptions,
    @Optional() ownVerifiers?: CredentialVerifiers,
  ) {
    this.others = new OtherCredentials(options, ownVerifiers);
    for (const server of options.authorizationServers) {
      const issuer = new TrustedIssuer(server, {
        allowInsecureHttp: options.allowInsecureHttp,
        timeoutMs: options.jwksTimeoutMs,
        cooldownMs: options.jwksCooldownSeconds * 1000,
        maxAgeMs: options.jwksCacheMaxAgeSeconds * 1000,
      });
      this.issuers.set(server.issuer, issuer);
      this.verifyOptions.set(issuer, {
        issuer: server.issuer,
        audience: [...server.audiences],
        algorithms: [...server.algorithms],
        clockTolerance: options.clockToleranceSeconds,
        maxTokenAge: options.maxTokenAgeSeconds,
        requiredClaims: ['exp', 'sub'],
      });
    }
    if (options.tokenCacheSize > 0) {
      this.cache = new VerifiedTokenCache(
        options.tokenCacheSize,
        options.tokenCacheTtlSeconds * 1000,
        options.clockToleranceSeconds * 1000,
        options.maxTokenAgeSeconds === undefined
          ? undefined
          : options.maxTokenAgeSeconds * 1000,
      );
    }
  }

  /**
   * Verifies `token` and returns its owner. Throws `InvalidTokenError` for any failed check and
   * `AuthorizationServerUnavailableError` when the issuer's keys cannot be fetched.
   */
  async verify(token: string): Promise<ResourceOwner> {
    return this.ownerOf(token);
  }

  /**
   * As `verify`, but a token this verifier accepted before (and still good, see `cached`) is
   * answered at once, without a promise: the guard's hot path. The token is hashed once for both
   * the cache lookup and, on a miss, the insertion.
   */
  ownerOf(token: string): ResourceOwner | Promise<ResourceOwner> {
    const digest = this.cache?.digestOf(token);
    const known = digest === undefined ? undefined : this.hit(digest, token);
    return (
      known ??
      // Same digest (SHA-256, base64) as the JWT cache's.
      this.others.opaque.cached(token, digest) ??
      this.verifyUncached(token, digest)
    );
  }

  /**
   * The owner of a token this verifier accepted before, while every time limit still holds and
   * its issuer's keys are fresh; `undefined` otherwise (then call `verify`). Synchronous, no I/O.
   */
  cached(token: string): ResourceOwner | undefined {
    return (
      (this.cache ? this.hit(this.cache.digestOf(token), token) : undefined) ??
      this.others.opaque.cached(token)
    );
  }

  /**
   * Each introspecting issuer's RFC 7662 endpoint, discovered now if needed (boot self-check,
   * doctor). Never throws for an unreachable issuer.
   */
  probeIntrospection(): Promise<IntrospectionProbe[]> {
    return this.others.opaque.probe();
  }

  /**
   * Discovers and fetches every trusted issuer's JWKS now (unless fresh), through the same paths
   * and caches as token verification, and reports what each holds: the boot self-check and the
   * `nest-mcp-auth-doctor` command read this. Never throws for an unreachable issuer.
   */
  probeIssuers(): Promise<IssuerProbe[]> {
    return Promise.all(
      [...this.issuers.values()].map((issuer) => issuer.probe()),
    );
  }

  private hit(digest: string, token: string): ResourceOwner | undefined {
    const owner = this.cache?.get(digest, token);
    // A remembered token counts only while its issuer's key set is fresh: once stale, the full
    // path refreshes the JWKS, which retires withdrawn keys (and their cached tokens).
    return owner && this.issuers.get(owner.issuer)?.keysFreshForMs()
      ? owner
      : undefined;
  }

  private async verifyUncached(
    token: string,
    digest: string | undefined,
  ): Promise<ResourceOwner> {
    try {
      return await this.verifyOrThrow(token, digest);
    } catch (error) {
      if (error instanceof McpAuthError) throw error;
      throw new InvalidTokenError(reasonFromJoseError(error));
    }
  }

  private async verifyOrThrow(
    token: string,
    digest: string | undefined,
  ): Promise<ResourceOwner> {
    // RFC 6750 §2.1 syntax first, before any other rule.
    assertB64Token(token);
    if (token.length > MAX_TOKEN_LENGTH)
      throw new InvalidTokenError('too_large');
    // With other credential paths, a token not shaped like a JWS is no JWT at all (never parsed
    // as one); it goes to those paths, as does a JWT whose issuer is not trusted.
    const jwt = this.others.enabled
      ? jwsOrUndefined(token)
      : parseCompactJwt(token);
    const iss = jwt?.payload.iss;
    const issuer = typeof iss === 'string' ? this.issuers.get(iss) : undefined;
    // RFC 8725 §3.8: the issuer is picked among trusted ones only, before any fetch.
    if (!jwt || !issuer) return this.others.verify(token, jwt);
    // RFC 8725 §3.1: header rules before any key is looked up, so `none`/HS* never cause a fetch.
    const headerRefusal =
      headerProblem(jwt.header, {
        algorithms: issuer.config.algorithms,
        requireAtJwt: this.options.requireJwtAccessTokenType,
      }) ??
      idTokenProblem(
        jwt.header,
        jwt.payload,
        issuer.config.refuseIdTokens ?? this.options.refuseIdTokens,
      );
    if (headerRefusal) {
      throw new InvalidTokenError(headerRefusal, issuer.config.issuer);
    }
    const options = withAudienceSpellings(
      this.verifyOptions.get(issuer)!,
      jwt.payload.aud,
    );
    let verified: VerifiedJwt;
    try {
      verified =
        (await verifyJwtWithNodeCrypto(
          jwt,
          () => issuer.keysFor(jwt.header),
          options,
        )) ?? (await this.verifySignedToken(token, issuer, options));
    } catch (error) {
      if (error instanceof McpAuthError) throw error;
      throw new InvalidTokenError(
        reasonFromJoseError(error),
        issuer.config.issuer,
      );
    }
    const owner = this.ownerFromClaims(token, verified.payload, issuer);
    if (digest !== undefined) this.cache?.set(digest, owner, verified.key);
    return owner;
  }

  /**
   * jose's `jwtVerify` with the issuer's key resolver. A token without `kid` that fits several
   * published keys is tried with each (at most a few, see `JWKS_LIMITS`), in JWKS order.
   */
  private async verifySignedToken(
    token: string,
    issuer: TrustedIssuer,
    options: ClaimsCheckOptions,
  ): Promise<VerifiedJwt> {
    try {
      const { payload, key } = await jwtVerify(token, issuer.getKey, options);
      return { payload, key: key as CryptoKey };
    } catch (error) {
      if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
      let lastError: unknown = error;
      for await (const key of error) {
        try {
          return {
            payload: (await jwtVerify(token, key, options)).payload,
            key: key as CryptoKey,
          };
        } catch (attempt) {
          if (!(attempt instanceof errors.JWSSignatureVerificationFailed))
            throw attempt;
          lastError = attempt;
        }
      }
      throw lastError;
    }
  }

  private ownerFromClaims(
    token: string,
    claims: JWTPayload,
    issuer: TrustedIssuer,
  ): ResourceOwner {
    const problem = ownerClaimsProblem(
      claims,
      this.options.clockToleranceSeconds,
    );
    if (problem) throw new InvalidTokenError(problem, issuer.config.issuer);
    const { exp, sub } = claims;
    // RFC 9068 §2.2.3: `scope` is one space-separated string (only `scp` may be an array).
    const scopes = scopesFromClaims(claims);
    if (!scopes)
      throw new InvalidTokenError('bad_claims', issuer.config.issuer);
    const clientId = claims.client_id ?? claims.azp;
    return Object.freeze({
      subject: sub!,
      issuer: issuer.config.issuer,
      clientId: typeof clientId === 'string' ? clientId : undefined,
      scopes: Object.freeze(scopes),
      audience: Object.freeze(
        Array.isArray(claims.aud) ? [...claims.aud] : [claims.aud as string],
      ),
      expiresAt: exp as number,
      claims: Object.freeze(claims),
      token,
    });
  }
}

/** The decoded token when it is shaped like a compact JWS, else `undefined`. */
function jwsOrUndefined(token: string): CompactJwt | undefined {
  try {
    return parseCompactJwt(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) return undefined;
    throw error;
  }
}
