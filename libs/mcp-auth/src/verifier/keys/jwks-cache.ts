import { Logger } from '@nestjs/common';
import type { CryptoKey, JWK } from 'jose';
import {
  AuthorizationServerUnavailableError,
  InvalidTokenError,
} from '../../errors/mcp-auth.errors.js';
import { JWKS_LIMITS } from '../../mcp-auth.constants.js';
import { cacheLifetimeMs } from './cache-lifetime.js';
import { BoundedFetchError, fetchJsonBounded } from './fetch-json-bounded.js';
import { ImportedJwk } from './imported-jwk.js';
import { parsePublicJwkSet } from './jwk-set.js';
import { selectKeys } from './jwk-selection.js';

/** Timing of one `JwksCache`, in milliseconds. */
export interface JwksCacheSettings {
  /** Time limit of one fetch, body included. */
  readonly timeoutMs: number;
  /** Least time between two fetches caused by unknown keys; first backoff step after a failure. */
  readonly cooldownMs: number;
  /** Lifetime of a fetched JWKS when its response has no `Cache-Control: max-age`. */
  readonly maxAgeMs: number;
}

/** What `JwksCache.probe` found: the published keys, or why there are none. */
export interface JwksProbe {
  readonly url: string;
  /** The usable published keys (private, symmetric and malformed entries left out). */
  readonly entries: readonly ImportedJwk[];
  /** False until a fetch succeeded. */
  readonly fetched: boolean;
  /** Why the last fetch failed, while it is failing. */
  readonly problem: string | undefined;
  /** Entries of the last JWKS left out for private or symmetric key material. */
  readonly secret: number;
  /** Entries of the last JWKS left out as malformed. */
  readonly malformed: number;
}

/** The protected-header members that pick a key. */
export interface KeyQuery {
  readonly alg?: unknown;
  readonly kid?: unknown;
}

/**
 * The keys of one issuer's JWKS URL, fetched on demand and cached.
 *
 * - Cold or stale: the next caller fetches; concurrent callers share that one fetch.
 * - Unknown `kid`: one refetch, at most once per cooldown; inside it the answer is `unknown_key`.
 * - Failed fetch: cached keys stay in use (stale-if-error) and further attempts back off
 *   exponentially from the cooldown up to 5 min; without a usable key, callers get
 *   `AuthorizationServerUnavailableError` with `retryAfterSeconds` = time to the next attempt.
 */
export class JwksCache {
  private static readonly logger = new Logger('McpAuth');
  private entries: readonly ImportedJwk[] | undefined;
  private freshUntil = 0;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private retryAt = Number.NEGATIVE_INFINITY;
  private failures = 0;
  private inflight: Promise<void> | undefined;
  private lastProblem: string | undefined;
  private ignored = { secret: 0, malformed: 0 };

  constructor(
    readonly issuer: string,
    readonly url: string,
    private readonly settings: JwksCacheSettings,
    /** Monotonic clock in milliseconds; replaceable in tests. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * The keys that may verify a token with this header: one, or a few to try in order when the
   * token has no `kid`. Throws `InvalidTokenError('unknown_key')` when the current JWKS has none,
   * `AuthorizationServerUnavailableError` when no usable key can be obtained right now.
   */
  async keysFor({ alg, kid }: KeyQuery): Promise<CryptoKey[]> {
    if (
      typeof alg !== 'string' ||
      (kid !== undefined && typeof kid !== 'string')
    ) {
      throw this.unknownKey();
    }
    if (!this.entries || this.now() >= this.freshUntil) await this.refresh();
    let found = this.entries ? selectKeys(this.entries, alg, kid) : [];
    if (found.length === 0 && (this.inflight || this.mayRefetch())) {
      await this.refresh();
      found = this.entries ? selectKeys(this.entries, alg, kid) : [];
    }
    if (found.length === 0) {
      throw this.failures > 0 ? this.unavailable() : this.unknownKey();
    }
    const tried = found.slice(
      0,
      kid ? found.length : JWKS_LIMITS.maxKidlessCandidates,
    );
    const keys = await Promise.all(tried.map((entry) => entry.keyFor(alg)));
    const usable = keys.filter((key): key is CryptoKey => key !== undefined);
    if (usable.length === 0) throw this.unknownKey();
    return usable;
  }

  /**
   * Fetches the JWKS now unless it is fresh (sharing a fetch in flight, and counting like any
   * other fetch), and reports what it holds: the boot self-check and the doctor read this.
   */
  async probe(): Promise<JwksProbe> {
    if (!this.entries || this.now() >= this.freshUntil) await this.refresh();
    return {
      url: this.url,
      entries: this.entries ?? [],
      fetched: this.entries !== undefined,
      problem: this.failures > 0 ? this.lastProblem : undefined,
      ...this.ignored,
    };
  }

  /** Milliseconds the current key set stays fresh (0 when stale or never fetched). */
  freshForMs(): number {
    return this.entries ? Math.max(this.freshUntil - this.now(), 0) : 0;
  }

  /** Joins the fetch in flight, or starts one unless failures are being backed off. */
  private refresh(): Promise<void> {
    if (!this.inflight && this.now() >= this.retryAt) {
      this.inflight = this.fetchKeys().finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight ?? Promise.resolve();
  }

  private mayRefetch(): boolean {
    const now = this.now();
    return (
      now >= this.retryAt &&
      now >= this.lastAttemptAt + this.settings.cooldownMs
    );
  }

  /** One fetch; never rejects: the outcome is recorded in the cache state. */
  private async fetchKeys(): Promise<void> {
    this.lastAttemptAt = this.now();
    try {
      const { json, headers } = await fetchJsonBounded(this.url, {
        timeoutMs: this.settings.timeoutMs,
        maxBytes: JWKS_LIMITS.maxJwksBytes,
      });
      const set = parsePublicJwkSet(json);
      if (!set) throw new Error('not a JWK Set');
      this.entries = this.reuse(set.keys);
      this.freshUntil =
        this.now() + this.lifetimeMs(headers.get('cache-control'));
      this.failures = 0;
      this.retryAt = Number.NEGATIVE_INFINITY;
      this.ignored = { secret: set.secret, malformed: set.malformed };
      if (set.secret > 0 || set.malformed > 0) {
        JwksCache.logger.warn(
          `JWKS of issuer ${this.issuer} at ${this.url}: ignored ${set.secret} entries with private or symmetric key material and ${set.malformed} malformed entries`,
        );
      }
    } catch (error) {
      this.failures += 1;
      const backoffMs = Math.min(
        this.settings.cooldownMs * 2 ** Math.min(this.failures - 1, 30),
        Math.max(
          this.settings.cooldownMs,
          JWKS_LIMITS.maxBackoffSeconds * 1000,
        ),
      );
      this.retryAt = this.now() + backoffMs;
      this.lastProblem = reasonOf(error);
      JwksCache.logger.warn(
        `JWKS fetch failed for issuer ${this.issuer} at ${this.url}: ${reasonOf(error)}; ${
          this.entries ? 'still using the cached keys' : 'no usable keys'
        }; next attempt in ${Math.ceil(backoffMs / 1000)} s`,
      );
    }
  }

  /**
   * Keeps the already imported entries for keys that are published again, and retires the others
   * (tokens verified with a retired key drop out of the verified-token cache).
   */
  private reuse(jwks: readonly Readonly<JWK>[]): ImportedJwk[] {
    const previous = new Map(
      (this.entries ?? []).map((entry) => [
        ImportedJwk.fingerprint(entry.jwk),
        entry,
      ]),
    );
    const next = jwks.map(
      (jwk) =>
        previous.get(ImportedJwk.fingerprint(jwk)) ??
        new ImportedJwk(jwk, (alg, error) =>
          JwksCache.logger.warn(
            `JWKS of issuer ${this.issuer} at ${this.url}: key ${JSON.stringify(jwk.kid ?? null)} cannot be imported for ${alg}: ${reasonOf(error)}`,
          ),
        ),
    );
    const kept = new Set(next);
    for (const entry of previous.values()) {
      if (!kept.has(entry)) entry.retired = true;
    }
    return next;
  }

  private lifetimeMs(cacheControl: string | null): number {
    return cacheLifetimeMs(cacheControl, {
      defaultMs: this.settings.maxAgeMs,
      minMs: this.settings.cooldownMs,
      maxMs: JWKS_LIMITS.maxLifetimeSeconds * 1000,
    });
  }

  private unknownKey(): InvalidTokenError {
    return new InvalidTokenError('unknown_key', this.issuer);
  }

  private unavailable(): AuthorizationServerUnavailableError {
    const waitMs = Math.max(this.retryAt - this.now(), 1000);
    return new AuthorizationServerUnavailableError(
      this.issuer,
      Math.ceil(waitMs / 1000),
    );
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof BoundedFetchError) return error.detail;
  if (error instanceof Error) return error.message || error.name;
  return 'unknown error';
}
