import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { McpServerConfigError } from '../mcp-server.errors.js';
import { MCP_SERVER_ENV, mcpServerOptionsFromEnv } from './options-from-env.js';

const defaults = { name: 'notes', version: '1.0.0' };

describe('mcpServerOptionsFromEnv (MCP_SERVER_* variables)', () => {
  it('reads every limit from its variable, the variables winning over the defaults', () => {
    expect(
      mcpServerOptionsFromEnv(
        {
          MCP_SERVER_STATEFUL: 'true',
          MCP_SERVER_RESUMABLE_STREAMS: 'yes',
          MCP_SERVER_RESOURCE_SUBSCRIPTIONS: '1',
          MCP_SERVER_MAX_SESSIONS: '10_000',
          MCP_SERVER_MAX_SESSIONS_PER_IDENTITY: '4',
          MCP_SERVER_SESSION_IDLE_TIMEOUT_SECONDS: '60',
          MCP_SERVER_REPLICA_ID: 'r2',
          MCP_SERVER_MAX_LISTEN_STREAMS: '512',
          MCP_SERVER_MAX_LISTEN_STREAMS_PER_IDENTITY: '2',
          MCP_SERVER_STREAM_SEND_TIMEOUT_MS: '5000',
          MCP_SERVER_MAX_STREAM_BUFFER_BYTES: '262144',
          MCP_SERVER_MAX_EVENT_BYTES_PER_SESSION: '65536',
          MCP_SERVER_MAX_SUBSCRIPTIONS_PER_SESSION: '10',
          MCP_SERVER_MAX_RESOURCE_URI_LENGTH: '512',
          MCP_SERVER_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
          MCP_SERVER_NAME: 'from-env',
        },
        { ...defaults, maxSessions: 5 },
      ),
    ).toEqual({
      name: 'from-env',
      version: '1.0.0',
      stateful: true,
      resumableStreams: true,
      resourceSubscriptions: true,
      maxSessions: 10_000,
      maxSessionsPerIdentity: 4,
      sessionIdleTimeoutSeconds: 60,
      replicaId: 'r2',
      maxListenStreams: 512,
      maxListenStreamsPerIdentity: 2,
      streamSendTimeoutMs: 5000,
      maxStreamBufferBytes: 262144,
      maxEventBytesPerSession: 65536,
      maxSubscriptionsPerSession: 10,
      maxResourceUriLength: 512,
      allowedOrigins: ['https://a.example', 'https://b.example'],
    });
  });

  it('reads a ConfigService-like source, and leaves unset and empty variables to the defaults', () => {
    const env: Record<string, string> = { MCP_SERVER_LOGGING: 'false' };
    expect(
      mcpServerOptionsFromEnv(
        {
          get: (key: string) =>
            env[key] ?? (key === MCP_SERVER_ENV.stateful ? ' ' : undefined),
        },
        defaults,
      ),
    ).toEqual({ ...defaults, logging: false });
  });

  it('names one variable per option but the deprecated hideUnauthorizedTools', () => {
    expect(Object.keys(MCP_SERVER_ENV)).not.toContain('hideUnauthorizedTools');
    expect(new Set(Object.values(MCP_SERVER_ENV)).size).toBe(
      Object.keys(MCP_SERVER_ENV).length,
    );
    expect(
      Object.values(MCP_SERVER_ENV).every((name) =>
        name.startsWith('MCP_SERVER_'),
      ),
    ).toBe(true);
  });

  it.each([
    [
      { MCP_SERVER_STATEFUL: 'maybe' },
      /MCP_SERVER_STATEFUL: "maybe" is not a boolean; set it to true or false/,
    ],
    [
      { MCP_SERVER_MAX_SESSIONS_PER_IDENTITY: '0' },
      /MCP_SERVER_MAX_SESSIONS_PER_IDENTITY: "0" is not a whole number of at least 1/,
    ],
    [
      { MCP_SERVER_MAX_LISTEN_STREAMS: '1e3' },
      /MCP_SERVER_MAX_LISTEN_STREAMS: "1e3"/,
    ],
    [
      { MCP_SERVER_SESSION_IDLE_TIMEOUT_SECONDS: '-5' },
      /MCP_SERVER_SESSION_IDLE_TIMEOUT_SECONDS/,
    ],
    [
      { MCP_SERVER_RESUMABLE_STREAMS: 'true' },
      /MCP_SERVER_RESUMABLE_STREAMS: resumableStreams: needs stateful: true/,
    ],
    [
      { MCP_SERVER_REPLICA_ID: 'eu.1' },
      /MCP_SERVER_REPLICA_ID: replicaId: "eu\.1" is not a replica id; use 1-32 letters, digits/,
    ],
    [
      {
        MCP_SERVER_NAME: 'x',
        MCP_SERVER_VERSION: 'y',
        MCP_SERVER_SURPRISE: '1',
      },
      null,
    ],
  ])('refuses %p at boot, naming the variable and the fix', (env, message) => {
    if (message === null) {
      // Unknown MCP_SERVER_* variables are not options: nothing to refuse.
      expect(() => mcpServerOptionsFromEnv(env, defaults)).not.toThrow();
      return;
    }
    expect(() => mcpServerOptionsFromEnv(env, defaults)).toThrow(
      McpServerConfigError,
    );
    expect(() => mcpServerOptionsFromEnv(env, defaults)).toThrow(message);
  });

  it('every option is in the McpServerModule table of docs/configuration.md', () => {
    const page = readFileSync(
      new URL('../../../../docs/configuration.md', import.meta.url),
      'utf8',
    );
    const table = page
      .split('## `McpServerModule` options')[1]
      ?.split('\n## ')[0];
    const missing = Object.keys(MCP_SERVER_ENV).filter(
      (option) => !table?.includes(`\`${option}\``),
    );
    expect(missing).toEqual([]);
  });

  it.each(['docs/configuration.md', '.env.example'])(
    'every variable is documented in %s',
    (file) => {
      const text = readFileSync(
        new URL(`../../../../${file}`, import.meta.url),
        'utf8',
      );
      const missing = Object.values(MCP_SERVER_ENV).filter(
        (variable) => !text.includes(variable),
      );
      expect(missing).toEqual([]);
    },
  );
});
