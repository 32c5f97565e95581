/**
 * The per-identity bounds the replicas run with during the soak (each replica holds its own:
 * with N replicas one identity gets N times each). The server bounds are the library defaults,
 * set explicitly so the report can name them; the DPoP replay store is smaller than its default
 * (100,000 proofs, a tenth per key and per identity) so that a short flood reaches the quota.
 */
export const HOSTILE_LIMITS = {
  maxListenStreamsPerIdentity: 8,
  maxSessionsPerIdentity: 16,
  maxSubscriptionsPerSession: 100,
  dpopReplayCacheSize: 3_000,
  /** A tenth of the cache size (the default share), per proof key and per identity. */
  dpopReplayQuota: 300,
} as const;

/** The replicas' environment for `HOSTILE_LIMITS`: 2025 sessions and resource subscriptions on. */
export function hostileReplicaEnv(): Record<string, string> {
  return {
    MCP_SERVER_STATEFUL: 'true',
    MCP_SERVER_RESOURCE_SUBSCRIPTIONS: 'true',
    MCP_SERVER_MAX_LISTEN_STREAMS_PER_IDENTITY: String(
      HOSTILE_LIMITS.maxListenStreamsPerIdentity,
    ),
    MCP_SERVER_MAX_SESSIONS_PER_IDENTITY: String(
      HOSTILE_LIMITS.maxSessionsPerIdentity,
    ),
    MCP_SERVER_MAX_SUBSCRIPTIONS_PER_SESSION: String(
      HOSTILE_LIMITS.maxSubscriptionsPerSession,
    ),
    MCP_AUTH_DPOP_REPLAY_CACHE_SIZE: String(HOSTILE_LIMITS.dpopReplayCacheSize),
    MCP_AUTH_DPOP_REPLAY_KEY_QUOTA: String(HOSTILE_LIMITS.dpopReplayQuota),
    MCP_AUTH_DPOP_REPLAY_IDENTITY_QUOTA: String(HOSTILE_LIMITS.dpopReplayQuota),
  };
}
