import { AuthorizationServerUnavailableError } from '../../errors/mcp-auth.errors.js';
import type { ResolvedMcpAuthOptions } from '../../mcp-auth-options.interface.js';
import type { ResourceOwner } from '../resource-owner.interface.js';
import { tokenDigest } from '../verified-token-cache.js';
import {
  checkIntrospectionAnswer,
  type AnswerRules,
} from './introspection-answer.js';
import {
  IntrospectionCache,
  type RememberedAnswer,
} from './introspection-cache.js';
import { IntrospectionEndpoint } from './introspection-endpoint.js';
import { RefusedAnswerError } from './refused-answer.error.js';

/** What `OpaqueTokenVerifier.probe` found for one issuer: its endpoint, or why none. */
export interface IntrospectionProbe {
  readonly issuer: string;
  readonly endpoint?: string;
  readonly problem?: string;
}

/**
 * Opaque access tokens, by RFC 7662 introspection at the issuers configured for it, asked in the
 * order configured until one answers `active` (an opaque token does not say who issued it, so
 * each introspecting issuer may see it). An answer that is active but fails a check ends the
 * search: that issuer issued the token. Outcomes are cached by token digest (see
 * `IntrospectionCache`); one request per token is in flight at a time (single flight).
 */
export class OpaqueTokenVerifier {
  private readonly endpoints: IntrospectionEndpoint[];
  private readonly cache: IntrospectionCache;
  private readonly pending = new Map<string, Promise<RememberedAnswer>>();
  private readonly rules: AnswerRules;
  /** Shortest cache lifetime among the issuers: refusals that name no issuer last no longer. */
  private readonly shortestTtl: number;

  constructor(options: ResolvedMcpAuthOptions) {
    this.endpoints = options.authorizationServers
      .filter((server) => server.introspection !== undefined)
      .map(
        (server) =>
          new IntrospectionEndpoint(server, {
            timeoutMs: options.jwksTimeoutMs,
            cooldownMs: options.jwksCooldownSeconds * 1000,
            allowInsecureHttp: options.allowInsecureHttp,
          }),
      );
    this.cache = new IntrospectionCache(options.tokenCacheSize);
    this.rules = {
      clockToleranceSeconds: options.clockToleranceSeconds,
      maxTokenAgeSeconds: options.maxTokenAgeSeconds,
    };
    this.shortestTtl = Math.min(
      ...this.endpoints.map((e) => e.server.introspection!.cacheTtlSeconds),
    );
  }

  /** Some issuer introspects. */
  get enabled(): boolean {
    return this.endpoints.length > 0;
  }

  /** The issuers that introspect, in the order they are asked. */
  get issuers(): string[] {
    return this.endpoints.map((endpoint) => endpoint.server.issuer);
  }

  /**
   * The owner of a token accepted before and still within its cache lifetime; no I/O. `digest`
   * is the token's SHA-256 (base64) when the caller has it already.
   */
  cached(token: string, digest?: string): ResourceOwner | undefined {
    if (!this.enabled) return undefined;
    const answer = this.cache.get(digest ?? tokenDigest(token));
    return answer && 'owner' in answer ? withToken(answer, token) : undefined;
  }

  /**
   * The owner of `token`, introspected (or remembered). Throws `InvalidTokenError` when refused,
   * `AuthorizationServerUnavailableError` (503) when no issuer could answer and none accepted it.
   */
  async verify(token: string): Promise<ResourceOwner> {
    const digest = tokenDigest(token);
    let answer = this.cache.get(digest);
    if (!answer) {
      let flight = this.pending.get(digest);
      if (!flight) {
        flight = this.ask(token, digest).finally(() =>
          this.pending.delete(digest),
        );
        this.pending.set(digest, flight);
      }
      answer = await flight;
    }
    if ('owner' in answer) return withToken(answer, token);
    throw new RefusedAnswerError(answer.refused, answer.issuer, {});
  }

  /** Each issuer's introspection endpoint, discovered now if needed (self-check, doctor). */
  probe(): Promise<IntrospectionProbe[]> {
    return Promise.all(
      this.endpoints.map(async (endpoint) => {
        const { issuer } = endpoint.server;
        try {
          return { issuer, endpoint: await endpoint.endpoint() };
        } catch (error) {
          if (!(error instanceof AuthorizationServerUnavailableError))
            throw error;
          return {
            issuer,
            problem:
              'introspection_endpoint not found in its metadata (see the log); set introspection.endpoint',
          };
        }
      }),
    );
  }

  private async ask(token: string, digest: string): Promise<RememberedAnswer> {
    let unavailable: AuthorizationServerUnavailableError | undefined;
    for (const endpoint of this.endpoints) {
      let answer;
      try {
        answer = await endpoint.introspect(token);
      } catch (error) {
        if (!(error instanceof AuthorizationServerUnavailableError))
          throw error;
        unavailable ??= error;
        continue;
      }
      const { server } = endpoint;
      const ttl = server.introspection!.cacheTtlSeconds;
      const verdict = checkIntrospectionAnswer(answer, server, this.rules);
      if (verdict.ok) {
        this.cache.accept(digest, verdict.owner, ttl);
        return { owner: verdict.owner, issuer: server.issuer };
      }
      if (verdict.reason !== 'inactive') {
        this.cache.refuse(digest, verdict.reason, server.issuer, ttl);
        throw new RefusedAnswerError(
          verdict.reason,
          server.issuer,
          verdict.claims,
        );
      }
    }
    // Inactive wherever asked, but an issuer that could not answer may have issued it.
    if (unavailable) throw unavailable;
    const only = this.endpoints.length === 1 ? this.issuers[0] : undefined;
    this.cache.refuse(digest, 'inactive', only, this.shortestTtl);
    throw new RefusedAnswerError('inactive', only, { active: false });
  }
}

function withToken(
  answer: Extract<RememberedAnswer, { owner: unknown }>,
  token: string,
): ResourceOwner {
  return Object.freeze({ ...answer.owner, token });
}
