import { ENV_OPTION_NAMES } from './config/server-option-table.js';
import { McpServerConfigError } from './mcp-server.errors.js';
import { SERVER_DEFAULTS } from './mcp-server.constants.js';
import { REPLICA_ID_PATTERN } from './transport/session-ids.js';
import type {
  McpServerOptions,
  ResolvedMcpServerOptions,
} from './mcp-server-options.interface.js';

const KNOWN_OPTIONS: ReadonlySet<string> = new Set<string>([
  ...ENV_OPTION_NAMES,
  'hideUnauthorizedTools',
]);

/** Longest idle timeout of a session (7 days; also within what `setTimeout` can wait). */
const MAX_IDLE_SECONDS = 7 * 86_400;

/** The options that are positive whole numbers (each with its default in `SERVER_DEFAULTS`). */
type CountOption =
  | 'maxBodyBytes'
  | 'maxSessions'
  | 'maxSessionsPerIdentity'
  | 'sessionIdleTimeoutSeconds'
  | 'maxListenStreams'
  | 'maxListenStreamsPerIdentity'
  | 'streamSendTimeoutMs'
  | 'maxStreamBufferBytes'
  | 'sseRetryMs'
  | 'maxEventBytesPerSession'
  | 'maxSubscriptionsPerSession'
  | 'maxResourceUriLength';

/**
 * Validates `McpServerOptions` at boot, as `McpAuthModule` validates its own: unknown keys are
 * refused, and every problem throws `McpServerConfigError` naming the option and the fix.
 */
export function resolveMcpServerOptions(
  options: McpServerOptions,
): ResolvedMcpServerOptions {
  if (!options || typeof options !== 'object') {
    throw new McpServerConfigError(
      'options',
      'must be an object with name and version',
    );
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new McpServerConfigError(
        key,
        `unknown option; known options are ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  if (
    options.instructions !== undefined &&
    typeof options.instructions !== 'string'
  ) {
    throw new McpServerConfigError('instructions', 'must be a string');
  }
  const text = (key: 'name' | 'version') => {
    const value = options[key];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new McpServerConfigError(key, 'must be a non-empty string');
    }
    return value;
  };
  const flag = (key: keyof McpServerOptions, fallback: boolean) => {
    const value = options[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      throw new McpServerConfigError(key, 'must be true or false');
    }
    return value;
  };
  const count = (key: CountOption) => {
    const fallback = SERVER_DEFAULTS[key];
    const value = options[key];
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1) {
      throw new McpServerConfigError(key, 'must be a positive integer');
    }
    return value;
  };
  const sessionIdleTimeoutSeconds = count('sessionIdleTimeoutSeconds');
  if (sessionIdleTimeoutSeconds > MAX_IDLE_SECONDS) {
    throw new McpServerConfigError(
      'sessionIdleTimeoutSeconds',
      `must be at most ${MAX_IDLE_SECONDS} (7 days); idle sessions hold memory, keep it short`,
    );
  }
  const stateful = flag('stateful', SERVER_DEFAULTS.stateful);
  const resumableStreams = flag(
    'resumableStreams',
    SERVER_DEFAULTS.resumableStreams,
  );
  if (resumableStreams && !stateful) {
    throw new McpServerConfigError(
      'resumableStreams',
      'needs stateful: true (streams are resumed within a session)',
    );
  }
  const resourceSubscriptions = flag(
    'resourceSubscriptions',
    SERVER_DEFAULTS.resourceSubscriptions,
  );
  if (options.sseRetryMs !== undefined && !resumableStreams) {
    throw new McpServerConfigError(
      'sseRetryMs',
      'is sent only on resumable streams; set resumableStreams: true (with stateful: true) or drop it',
    );
  }
  const hideUnauthorized = flag(
    'hideUnauthorized',
    flag('hideUnauthorizedTools', SERVER_DEFAULTS.hideUnauthorized),
  );
  if (
    options.hideUnauthorizedTools !== undefined &&
    options.hideUnauthorizedTools !== hideUnauthorized
  ) {
    throw new McpServerConfigError(
      'hideUnauthorizedTools',
      'disagrees with hideUnauthorized; give only hideUnauthorized (hideUnauthorizedTools is its former name)',
    );
  }
  return Object.freeze({
    name: text('name'),
    version: text('version'),
    instructions: options.instructions,
    hideUnauthorized,
    hideUnauthorizedTools: hideUnauthorized,
    stateful,
    maxSessions: count('maxSessions'),
    maxSessionsPerIdentity: count('maxSessionsPerIdentity'),
    sessionIdleTimeoutSeconds,
    replicaId: replicaIdOf(options.replicaId),
    maxListenStreams: count('maxListenStreams'),
    maxListenStreamsPerIdentity: count('maxListenStreamsPerIdentity'),
    streamSendTimeoutMs: count('streamSendTimeoutMs'),
    maxStreamBufferBytes: count('maxStreamBufferBytes'),
    allowedOrigins: originList(options.allowedOrigins),
    maxBodyBytes: count('maxBodyBytes'),
    requireAuth: flag('requireAuth', SERVER_DEFAULTS.requireAuth),
    logging: flag('logging', SERVER_DEFAULTS.logging),
    resumableStreams,
    sseRetryMs: count('sseRetryMs'),
    maxEventBytesPerSession: count('maxEventBytesPerSession'),
    resourceSubscriptions,
    maxSubscriptionsPerSession: count('maxSubscriptionsPerSession'),
    maxResourceUriLength: count('maxResourceUriLength'),
  });
}

function replicaIdOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !REPLICA_ID_PATTERN.test(value)) {
    throw new McpServerConfigError(
      'replicaId',
      `${JSON.stringify(value)} is not a replica id; use 1-32 letters, digits, "_" or "-" (it prefixes session ids in a header and an nginx map), e.g. r1`,
    );
  }
  return value;
}

function originList(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    throw new McpServerConfigError(
      'allowedOrigins',
      'must be an array of origins',
    );
  }
  return Object.freeze(
    value.map((origin: unknown) => {
      if (origin === '*') return origin;
      let parsed: URL | undefined;
      try {
        parsed = new URL(String(origin));
      } catch {
        parsed = undefined;
      }
      if (!parsed || parsed.origin !== origin) {
        throw new McpServerConfigError(
          'allowedOrigins',
          `"${String(origin)}" is not an origin; write scheme://host[:port] without a path, e.g. https://app.example.com`,
        );
      }
      return origin;
    }),
  );
}
