import type { McpServerOptions } from '../mcp-server-options.interface.js';
import {
  envBoolean,
  envList,
  envPositiveInteger,
  envText,
  type EnvParser,
} from './env-parsers.js';

/** The options read from the environment: every option but the deprecated `hideUnauthorizedTools`. */
export type EnvOptionName = Exclude<
  keyof McpServerOptions,
  'hideUnauthorizedTools'
>;

/** How one option is read from the environment: its variable and the parser of its text. */
interface EnvOptionSpec<K extends EnvOptionName> {
  readonly env: string;
  readonly fromEnv: EnvParser<NonNullable<McpServerOptions[K]>>;
}

/**
 * Every option of `McpServerOptions` and its `MCP_SERVER_*` variable, declared once (the type makes
 * a missing entry a compile error). Each option's meaning is documented on `McpServerOptions`.
 */
export const SERVER_OPTION_TABLE: {
  readonly [K in EnvOptionName]: EnvOptionSpec<K>;
} = {
  name: { env: 'MCP_SERVER_NAME', fromEnv: envText },
  version: { env: 'MCP_SERVER_VERSION', fromEnv: envText },
  instructions: { env: 'MCP_SERVER_INSTRUCTIONS', fromEnv: envText },
  hideUnauthorized: {
    env: 'MCP_SERVER_HIDE_UNAUTHORIZED',
    fromEnv: envBoolean,
  },
  stateful: { env: 'MCP_SERVER_STATEFUL', fromEnv: envBoolean },
  maxSessions: { env: 'MCP_SERVER_MAX_SESSIONS', fromEnv: envPositiveInteger },
  maxSessionsPerIdentity: {
    env: 'MCP_SERVER_MAX_SESSIONS_PER_IDENTITY',
    fromEnv: envPositiveInteger,
  },
  sessionIdleTimeoutSeconds: {
    env: 'MCP_SERVER_SESSION_IDLE_TIMEOUT_SECONDS',
    fromEnv: envPositiveInteger,
  },
  replicaId: { env: 'MCP_SERVER_REPLICA_ID', fromEnv: envText },
  maxListenStreams: {
    env: 'MCP_SERVER_MAX_LISTEN_STREAMS',
    fromEnv: envPositiveInteger,
  },
  maxListenStreamsPerIdentity: {
    env: 'MCP_SERVER_MAX_LISTEN_STREAMS_PER_IDENTITY',
    fromEnv: envPositiveInteger,
  },
  streamSendTimeoutMs: {
    env: 'MCP_SERVER_STREAM_SEND_TIMEOUT_MS',
    fromEnv: envPositiveInteger,
  },
  maxStreamBufferBytes: {
    env: 'MCP_SERVER_MAX_STREAM_BUFFER_BYTES',
    fromEnv: envPositiveInteger,
  },
  allowedOrigins: { env: 'MCP_SERVER_ALLOWED_ORIGINS', fromEnv: envList },
  maxBodyBytes: {
    env: 'MCP_SERVER_MAX_BODY_BYTES',
    fromEnv: envPositiveInteger,
  },
  requireAuth: { env: 'MCP_SERVER_REQUIRE_AUTH', fromEnv: envBoolean },
  logging: { env: 'MCP_SERVER_LOGGING', fromEnv: envBoolean },
  resumableStreams: {
    env: 'MCP_SERVER_RESUMABLE_STREAMS',
    fromEnv: envBoolean,
  },
  sseRetryMs: { env: 'MCP_SERVER_SSE_RETRY_MS', fromEnv: envPositiveInteger },
  maxEventBytesPerSession: {
    env: 'MCP_SERVER_MAX_EVENT_BYTES_PER_SESSION',
    fromEnv: envPositiveInteger,
  },
  resourceSubscriptions: {
    env: 'MCP_SERVER_RESOURCE_SUBSCRIPTIONS',
    fromEnv: envBoolean,
  },
  maxSubscriptionsPerSession: {
    env: 'MCP_SERVER_MAX_SUBSCRIPTIONS_PER_SESSION',
    fromEnv: envPositiveInteger,
  },
  maxResourceUriLength: {
    env: 'MCP_SERVER_MAX_RESOURCE_URI_LENGTH',
    fromEnv: envPositiveInteger,
  },
};

/** The option names of the table, in declaration order. */
export const ENV_OPTION_NAMES = Object.keys(
  SERVER_OPTION_TABLE,
) as EnvOptionName[];
