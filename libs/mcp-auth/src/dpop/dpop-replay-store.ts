/** One accepted DPoP proof, as the replay store records it (RFC 9449 §11.1). */
export interface DpopProofUse {
  /** RFC 7638 SHA-256 thumbprint of the proof's key (the token's `cnf.jkt`). */
  readonly jkt: string;
  /** The proof's `jti`, as sent (any length: a store that keeps it may hash long ones). */
  readonly jti: string;
  /** `iss` of the access token the proof came with. */
  readonly issuer: string;
  /** `sub` of the access token the proof came with. */
  readonly subject: string;
  /** Epoch ms until which the proof could still pass the `iat` window: keep it at least this long. */
  readonly until: number;
}

/**
 * What the replay store answers for a proof: `'accepted'` (first use, now recorded), `'replayed'`
 * (recorded before and still within its window), `'key_over_quota'` / `'identity_over_quota'`
 * (the proof key, or the token's issuer + subject, holds its quota of live entries: not
 * recorded), `'full'` (the store cannot keep one more entry: not recorded). `'replayed'` and the
 * quotas refuse the request with 401 `invalid_dpop_proof`; `'full'` with 503 and the default
 * `Retry-After` (RFC 9449 §11.1: the client did nothing wrong, the store has no room right now).
 */
export type DpopReplayVerdict =
  'accepted' | 'replayed' | 'key_over_quota' | 'identity_over_quota' | 'full';

/**
 * Where accepted DPoP proofs are remembered so that none is accepted twice within its window
 * (RFC 9449 §11.1). The default keeps them in this process (`InMemoryDpopReplayStore`); a store
 * shared by replicas (e.g. Redis) implements the same port. `use` may answer synchronously or
 * with a promise; a synchronous answer keeps a warm DPoP request free of promises.
 *
 * An adapter must guarantee:
 * - **First use is atomic.** Of two concurrent uses of the same (`jkt`, `jti`), at most one is
 *   `'accepted'` (e.g. Redis `SET <jkt>:<jti> 1 NX PXAT <until>`).
 * - **Live entries are never dropped.** An entry stays until `until` at least, whatever else is
 *   recorded; an eviction policy that may drop unexpired keys (Redis `allkeys-*`) breaks this.
 *   When the store cannot keep one more entry it refuses (fail closed), never `'accepted'`:
 *   it throws (or rejects with) `DpopReplayStoreFullError(retryAfterSeconds)` naming the
 *   seconds until room is expected (e.g. when its oldest live entry leaves), or answers
 *   `'full'` when it cannot tell (then `Retry-After` is the default, 5 s). Either way the
 *   request is answered 503 with `Retry-After`, never 401: a full store is full for everyone.
 * - **Quotas over live entries.** Per proof key (`jkt`) and per identity (`issuer` + `subject`),
 *   a use that would take the count of entries still kept past its quota is refused without
 *   being recorded. Counting may err high (e.g. counters in fixed time slices with expiry, each
 *   slice kept until the last `until` counted in it), never low.
 * - **A refused use records nothing** and changes no count.
 * - Errors of the store reject (or throw); they are never turned into `'accepted'`. The request
 *   is then answered 503 with `Retry-After` (reject with `DpopReplayUnavailableError` to choose
 *   its value). Bound the time an answer may take (a per-operation timeout), so that requests
 *   never hang on the store.
 *
 * @publicApi
 */
export interface DpopReplayStore {
  /** Records `proof` as used unless it was used before, or a quota or the store's bound is reached. */
  use(proof: DpopProofUse): DpopReplayVerdict | Promise<DpopReplayVerdict>;
}

/**
 * What a store is sized by: the replay options as resolved (`dpopReplayCacheSize`, the quotas)
 * and `dpopProofWindowSeconds` (a proof's `until` is at most twice the window ahead of now).
 *
 * @publicApi
 */
export interface DpopReplaySettings {
  /** Most proofs remembered at once (`dpopReplayCacheSize`). */
  readonly maxEntries: number;
  /** Most live proofs of one proof key (`dpopReplayKeyQuota`). */
  readonly maxPerKey: number;
  /** Most live proofs of one identity, issuer + subject (`dpopReplayIdentityQuota`). */
  readonly maxPerIdentity: number;
  /** `dpopProofWindowSeconds`: how far a proof's `iat` may be from now, either way. */
  readonly proofWindowSeconds: number;
}

/**
 * Injection token of the `DpopReplayStore` the DPoP check uses. `McpAuthModule` provides an
 * `InMemoryDpopReplayStore` sized by `dpopReplayCacheSize` and the quota options, or the store
 * of its `dpopReplayStore` extra.
 *
 * @publicApi
 */
export const DPOP_REPLAY_STORE = Symbol('DPOP_REPLAY_STORE');
