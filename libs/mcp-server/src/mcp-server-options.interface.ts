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
   * `stateful` mode: keep each session's SSE events in memory (the last 1,000) so that a client
   * that lost a stream resumes it with `Last-Event-ID`; every stream then starts with a priming
   * event carrying `sseRetryMs`, and tools may end theirs early with `ctx.http.closeSSE()` (the
   * client polls back). Default false.
   */
  resumableStreams?: boolean;
  /** With `resumableStreams`: the reconnection delay sent to clients (SSE `retry`). Default 1000 ms. */
  sseRetryMs?: number;
  /**
   * `stateful` mode: sessions may subscribe to resources (`resources/subscribe`, with the scopes
   * reading needs), and `ResourceUpdates.updated(uri)` notifies the subscribed ones. Default false.
   */
  resourceSubscriptions?: boolean;
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
  readonly allowedOrigins: readonly string[] | undefined;
  readonly maxBodyBytes: number;
  readonly requireAuth: boolean;
  readonly logging: boolean;
  readonly resumableStreams: boolean;
  readonly sseRetryMs: number;
  readonly resourceSubscriptions: boolean;
}
