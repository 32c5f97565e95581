/** Metadata key set by `@Tool()`. */
export const TOOL_METADATA = 'mcp-server:tool';

/** Metadata key set by `@Resource()`. */
export const RESOURCE_METADATA = 'mcp-server:resource';

/** Metadata key set by `@ResourceTemplate()`. */
export const RESOURCE_TEMPLATE_METADATA = 'mcp-server:resource-template';

/** Metadata key set by `@Prompt()`. */
export const PROMPT_METADATA = 'mcp-server:prompt';

/**
 * `ExecutionContext.getType()` inside a tool, resource, prompt or completion handler. `switchToHttp().getRequest()` still returns
 * the HTTP request that carried the call; there is no response object.
 */
export const MCP_CONTEXT_TYPE = 'mcp';

/** Injection token of the validated `McpServerOptions`. */
export const MCP_SERVER_RESOLVED_OPTIONS = Symbol(
  'MCP_SERVER_RESOLVED_OPTIONS',
);

/** Injection token of the endpoint path (e.g. `/mcp`). */
export const MCP_SERVER_PATH = Symbol('MCP_SERVER_PATH');

/** MCP tool names: 1-128 of `A-Z a-z 0-9 _ - .` (MCP 2025-11-25 "Tool names"). */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

/** Names of prompts, resources and resource templates: 1-128 printable characters, no spaces at the ends. */
export const ITEM_NAME_PATTERN = /^(?=\S)[^\p{Cc}]{1,128}(?<=\S)$/u;

/** Defaults applied when an option is not given. */
export const SERVER_DEFAULTS = {
  path: '/mcp',
  hideUnauthorized: true,
  stateful: false,
  maxBodyBytes: 1024 * 1024,
  requireAuth: true,
  maxSessions: 10_000,
  maxSessionsPerIdentity: 16,
  sessionIdleTimeoutSeconds: 900,
  maxListenStreams: 1024,
  maxListenStreamsPerIdentity: 8,
  streamSendTimeoutMs: 30_000,
  maxStreamBufferBytes: 1024 * 1024,
  maxEventBytesPerSession: 1024 * 1024,
  maxSubscriptionsPerSession: 100,
  maxResourceUriLength: 2048,
  logging: false,
  resumableStreams: false,
  sseRetryMs: 1000,
  resourceSubscriptions: false,
  /** SSE events kept per session with `resumableStreams`. */
  resumableEventsPerSession: 1000,
} as const;
