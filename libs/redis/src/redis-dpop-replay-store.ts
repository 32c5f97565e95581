import { createHash } from 'node:crypto';
import {
  DpopReplayStoreFullError,
  DpopReplayUnavailableError,
  type DpopProofUse,
  type DpopReplaySettings,
  type DpopReplayStore,
  type DpopReplayVerdict,
} from '@nest-mcp/auth';
import {
  DPOP_REPLAY_SCRIPT,
  DPOP_REPLAY_SCRIPT_SHA,
} from './dpop-replay.script.js';
import { RedisOutageLog } from './redis-outage-log.js';
import {
  resolveRedisDpopReplayStoreOptions,
  type RedisDpopReplayStoreOptions,
  type ResolvedRedisDpopReplayStoreOptions,
} from './redis-dpop-replay-store-options.js';
import {
  isOutOfMemory,
  runScript,
  type RedisScriptClient,
} from './redis-script-client.js';
import { withTimeout } from './with-timeout.js';

/** Time slices a quota counter is kept in over the span a live proof can have (two windows). */
const SLICES = 8;
/** Longest `jti` kept as is in a key; longer ones are kept as their SHA-256 (fixed size). */
const LONGEST_KEPT = 96;

const VERDICTS: ReadonlySet<string> = new Set<DpopReplayVerdict>([
  'accepted',
  'replayed',
  'key_over_quota',
  'identity_over_quota',
]);
/** The script's answer when the store is at `maxEntries`: `full:<ms until room>`. */
const FULL = /^full:(\d+(?:\.\d+)?)$/;

/**
 * A `DpopReplayStore` shared by every replica through Redis (RFC 9449 §11.1): each use is one
 * atomic script (`SET <prefix>u:<jkt>:<jti> 1 NX PXAT <until>` plus the per-key, per-identity and
 * whole-store counters), so a proof used on one replica is refused on every other, and the quotas
 * hold across replicas. Takes the user's own node-redis client. When Redis does not answer (down,
 * or slower than `timeoutMs`) it rejects with `DpopReplayUnavailableError`: the DPoP request is
 * answered 503 with `Retry-After`, and the outage is logged once. At `maxEntries` live proofs it
 * rejects with `DpopReplayStoreFullError`, its `Retry-After` the seconds until the oldest counted
 * time slice ends; a Redis out of memory (`noeviction`) rejects with it too, with
 * `retryAfterSeconds` (503 either way, RFC 9449 §11.1). Redis must not evict live keys: use
 * `maxmemory-policy noeviction` (or a `volatile-*` policy on a Redis holding nothing else).
 *
 * @publicApi
 */
export class RedisDpopReplayStore implements DpopReplayStore {
  private readonly options: ResolvedRedisDpopReplayStoreOptions;
  private readonly sliceMs: number;
  private readonly limits: readonly string[];
  private readonly totalPrefix: string;
  private readonly outage = new RedisOutageLog('DPoP replay store');

  constructor(
    private readonly client: RedisScriptClient,
    settings: DpopReplaySettings,
    options?: RedisDpopReplayStoreOptions,
  ) {
    this.options = resolveRedisDpopReplayStoreOptions(options);
    // A proof's `until` is at most two windows ahead of now (its `iat` one window ahead): a
    // counter then sums about SLICES slices, and errs high by at most one slice's expired entries.
    this.sliceMs = Math.ceil((2 * settings.proofWindowSeconds * 1000) / SLICES);
    this.limits = [
      String(settings.maxPerKey),
      String(settings.maxPerIdentity),
      String(settings.maxEntries),
    ];
    this.totalPrefix = `${this.options.keyPrefix}t`;
  }

  async use(proof: DpopProofUse): Promise<DpopReplayVerdict> {
    const prefix = this.options.keyPrefix;
    const jti =
      proof.jti.length > LONGEST_KEPT ? `#${sha256(proof.jti)}` : proof.jti;
    const call = {
      keys: [
        `${prefix}u:${proof.jkt}:${jti}`,
        `${prefix}k:${proof.jkt}`,
        `${prefix}i:${sha256(JSON.stringify([proof.issuer, proof.subject]))}`,
        this.totalPrefix,
      ],
      arguments: [
        String(Math.ceil(proof.until)),
        String(this.sliceMs),
        ...this.limits,
      ],
    };
    let reply: unknown;
    try {
      reply = await withTimeout(
        runScript(
          this.client,
          DPOP_REPLAY_SCRIPT,
          DPOP_REPLAY_SCRIPT_SHA,
          call,
        ),
        this.options.timeoutMs,
      );
    } catch (error) {
      if (isOutOfMemory(error)) {
        this.outage.up();
        throw new DpopReplayStoreFullError(this.options.retryAfterSeconds, {
          cause: error,
        });
      }
      this.outage.failed(
        error,
        'DPoP requests are answered 503 with Retry-After (bearer requests are not affected)',
      );
      throw new DpopReplayUnavailableError(this.options.retryAfterSeconds, {
        cause: error,
      });
    }
    this.outage.up();
    const verdict = String(reply);
    if (VERDICTS.has(verdict)) return verdict as DpopReplayVerdict;
    const full = FULL.exec(verdict);
    if (full) throw new DpopReplayStoreFullError(Number(full[1]) / 1000);
    throw new DpopReplayUnavailableError(this.options.retryAfterSeconds);
  }

  /** Whether Redis failed to answer the last use (for health checks). */
  get unavailable(): boolean {
    return this.outage.unavailable;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
