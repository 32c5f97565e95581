/** Options of `McpServerModule.forRoot()` / `forRootAsync()`. */
export interface McpServerOptions {
  /** Server name reported in `initialize`. */
  name: string;
  /** Server version reported in `initialize`. */
  version: string;
  /** Optional instructions for the model, reported in `initialize`. */
  instructions?: string;
  /**
   * `tools/list`, `resources/list`, `resources/templates/list` and `prompts/list` show only what
   * the caller's scopes can use. Default true.
   */
  hideUnauthorized?: boolean;
  /** @deprecated The former name of `hideUnauthorized` (same meaning, now for every list). */
  hideUnauthorizedTools?: boolean;
  /**
   * Keep MCP sessions (`Mcp-Session-Id`) in memory, each bound to the identity that created it.
   * Default false: stateless, one request one exchange, any replica can answer.
   */
  stateful?: boolean;
  /** Most sessions kept at once in stateful mode; new ones are refused (503) past it. Default 10,000. */
  maxSessions?: number;
  /**
   * Most sessions one identity (issuer + subject) keeps open in stateful mode; its next `initialize`
   * is refused (429) while others still open theirs. Default 16.
   */
  maxSessionsPerIdentity?: number;
  /**
   * Stateful mode: a session with no request open for this many seconds is closed (its id then
   * answers 404 and the client initializes again). Default 900 (15 minutes).
   */
  sessionIdleTimeoutSeconds?: number;
  /**
   * This replica's id (1-32 letters, digits, `_` or `-`), prefixed to its session ids
   * (`r1.<uuid>`) so that a reverse proxy routes each session's requests to the replica that holds
   * it. A session id this replica does not hold (another replica's, whose process is gone) answers
   * 404 and the client initializes again. Default none: session ids are bare UUIDs.
   */
  replicaId?: string;
  /**
   * Most `subscriptions/listen` streams (MCP 2026-07-28) open at once on this server; past it a
   * new one is refused in-band. Default 1,024.
   */
  maxListenStreams?: number;
  /**
   * Most `subscriptions/listen` streams one identity keeps open; past it only that identity is
   * refused (JSON-RPC error `-32000`). Default 8.
   */
  maxListenStreamsPerIdentity?: number;
  /**
   * Longest wait, in ms, for a client to take any of an SSE stream's waiting output (a
   * `subscriptions/listen` stream, a 2025 session's GET stream, a POST answered as SSE); past it
   * the stream ends. Each frame the client takes restarts the wait, so a client that reads is
   * never cut. Default 30,000.
   */
  streamSendTimeoutMs?: number;
  /**
   * Most bytes an SSE stream keeps waiting for a client that does not read, behind the frame
   * being sent (which never counts: one large answer always goes out whole); a frame past it ends
   * the stream. Default 1 MiB.
   */
  maxStreamBufferBytes?: number;
  /**
   * Origins allowed to call the endpoint from a browser (DNS-rebinding defence). Requests without
   * `Origin` are always fine. Default: the resource's own origin and loopback origins.
   */
  allowedOrigins?: string[];
  /** Largest accepted request body in bytes (checked on `Content-Length`). Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Refuse to start without `McpAuthModule`. Default true; set false only for a deliberately
   * unauthenticated server (local experiments, benchmarks).
   */
  requireAuth?: boolean;
  /**
   * Advertise the `logging` capability, so that `ctx.mcpReq.log()` inside tools reaches the
   * client (2025 era: filtered by `logging/setLevel`; 2026-07-28: by the log level in the
   * request's `_meta`, nothing without one). Default false.
   */
  logging?: boolean;
  /**
   * `stateful` mode: keep each session's SSE events in memory (the last 1,000, at most
   * `maxEventBytesPerSession` bytes) so that a client
   * that lost a stream resumes it with `Last-Event-ID`; every stream then starts with a priming
   * event carrying `sseRetryMs`, and tools may end theirs early with `ctx.http.closeSSE()` (the
   * client polls back). Default false.
   */
  resumableStreams?: boolean;
  /** With `resumableStreams`: the reconnection delay sent to clients (SSE `retry`). Default 1000 ms. */
  sseRetryMs?: number;
  /**
   * With `resumableStreams`: the bytes of SSE events (as JSON) kept per session, oldest dropped
   * first. An event larger than this is not kept: its stream cannot be resumed past it. Default
   * 1 MiB.
   */
  maxEventBytesPerSession?: number;
  /**
   * Resource subscriptions: 2025-era sessions (`stateful`) may `resources/subscribe` (with the
   * scopes reading needs), and MCP 2026-07-28 `subscriptions/listen` streams may ask for
   * `resourceSubscriptions`; `ResourceUpdates.updated(uri, target)` notifies the subscribed
   * sessions and streams of the identity `target` names. Default false.
   */
  resourceSubscriptions?: boolean;
  /**
   * Most resources one session subscribes to, and most URIs one `subscriptions/listen` stream
   * asks for. Default 100.
   */
  maxSubscriptionsPerSession?: number;
  /** Longest resource URI a session or listen stream may subscribe to, in characters. Default 2,048. */
  maxResourceUriLength?: number;
}

/** `McpServerOptions` after validation, with defaults applied. */
export interface ResolvedMcpServerOptions {
  readonly name: string;
  readonly version: string;
  readonly instructions: string | undefined;
  readonly hideUnauthorized: boolean;
  /** @deprecated Equal to `hideUnauthorized`. */
  readonly hideUnauthorizedTools: boolean;
  readonly stateful: boolean;
  readonly maxSessions: number;
  readonly maxSessionsPerIdentity: number;
  readonly sessionIdleTimeoutSeconds: number;
  readonly replicaId: string | undefined;
  readonly maxListenStreams: number;
  readonly maxListenStreamsPerIdentity: number;
  readonly streamSendTimeoutMs: number;
  readonly maxStreamBufferBytes: number;
  readonly allowedOrigins: readonly string[] | undefined;
  readonly maxBodyBytes: number;
  readonly requireAuth: boolean;
  readonly logging: boolean;
  readonly resumableStreams: boolean;
  readonly sseRetryMs: number;
  readonly maxEventBytesPerSession: number;
  readonly resourceSubscriptions: boolean;
  readonly maxSubscriptionsPerSession: number;
  readonly maxResourceUriLength: number;
}
