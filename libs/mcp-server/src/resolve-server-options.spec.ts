import { describe, expect, it } from '@jest/globals';
import { McpServerConfigError } from './mcp-server.errors.js';
import type { McpServerOptions } from './mcp-server-options.interface.js';
import { resolveMcpServerOptions } from './resolve-server-options.js';

const valid: McpServerOptions = { name: 'notes', version: '1.0.0' };

describe('resolveMcpServerOptions (boot-time validation)', () => {
  it('applies the defaults', () => {
    expect(resolveMcpServerOptions(valid)).toMatchObject({
      name: 'notes',
      version: '1.0.0',
      hideUnauthorized: true,
      hideUnauthorizedTools: true,
      stateful: false,
      maxBodyBytes: 1024 * 1024,
      requireAuth: true,
      logging: false,
      resumableStreams: false,
      sseRetryMs: 1000,
      resourceSubscriptions: false,
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
    });
  });

  it('takes a replica id (prefix of session ids), none by default', () => {
    expect(resolveMcpServerOptions(valid).replicaId).toBeUndefined();
    expect(
      resolveMcpServerOptions({ ...valid, stateful: true, replicaId: 'r1' })
        .replicaId,
    ).toBe('r1');
  });

  it('takes resourceSubscriptions without stateful (MCP 2026-07-28 listen streams)', () => {
    expect(
      resolveMcpServerOptions({ ...valid, resourceSubscriptions: true })
        .resourceSubscriptions,
    ).toBe(true);
  });

  it.each([
    [{ hideUnauthorized: false }, false],
    [{ hideUnauthorizedTools: false }, false],
    [{ hideUnauthorized: false, hideUnauthorizedTools: false }, false],
    [{ hideUnauthorized: true }, true],
  ])(
    'hideUnauthorizedTools is the former name of hideUnauthorized (%p)',
    (given, hidden) => {
      const resolved = resolveMcpServerOptions({ ...valid, ...given });
      expect(resolved.hideUnauthorized).toBe(hidden);
      expect(resolved.hideUnauthorizedTools).toBe(hidden);
    },
  );

  it.each([
    [
      { ...valid, hideUnauthorisedTools: false },
      /hideUnauthorisedTools.*unknown option.*hideUnauthorizedTools/,
    ],
    [{ ...valid, statefull: true }, /statefull.*unknown option/],
    [
      { ...valid, hideUnauthorized: false, hideUnauthorizedTools: true },
      /hideUnauthorizedTools.*disagrees with hideUnauthorized/,
    ],
    [{ ...valid, hideUnauthorized: 'no' }, /hideUnauthorized.*true or false/],
    [{ ...valid, instructions: 3 }, /instructions.*must be a string/],
    [{ ...valid, maxBodyBytes: 0 }, /maxBodyBytes.*positive integer/],
    [{ ...valid, logging: 'yes' }, /logging.*true or false/],
    [{ ...valid, resumableStreams: true }, /resumableStreams.*stateful: true/],
    [
      { ...valid, maxSessionsPerIdentity: 0 },
      /maxSessionsPerIdentity.*positive integer/,
    ],
    [
      { ...valid, sessionIdleTimeoutSeconds: 1.5 },
      /sessionIdleTimeoutSeconds.*positive integer/,
    ],
    [
      { ...valid, sessionIdleTimeoutSeconds: 8 * 86_400 },
      /sessionIdleTimeoutSeconds.*at most 604800/,
    ],
    [{ ...valid, maxListenStreams: -1 }, /maxListenStreams.*positive integer/],
    [
      { ...valid, maxListenStreamsPerIdentity: '8' },
      /maxListenStreamsPerIdentity.*positive integer/,
    ],
    [
      { ...valid, maxEventBytesPerSession: 0 },
      /maxEventBytesPerSession.*positive integer/,
    ],
    [
      { ...valid, maxSubscriptionsPerSession: 0 },
      /maxSubscriptionsPerSession.*positive integer/,
    ],
    [
      { ...valid, maxResourceUriLength: 0 },
      /maxResourceUriLength.*positive integer/,
    ],
    [
      { ...valid, stateful: true, sseRetryMs: 500 },
      /sseRetryMs.*resumableStreams: true/,
    ],
    [
      { ...valid, stateful: true, resumableStreams: true, sseRetryMs: 0 },
      /sseRetryMs.*positive integer/,
    ],
    [
      { ...valid, allowedOrigins: ['https://a.example/path'] },
      /allowedOrigins/,
    ],
    [{ version: '1' }, /name.*non-empty string/],
    [{ ...valid, replicaId: 'r.1' }, /replicaId: "r\.1" is not a replica id/],
    [{ ...valid, replicaId: '' }, /replicaId.*1-32 letters/],
    [{ ...valid, replicaId: 'r1\r\nX-Evil: 1' }, /replicaId/],
    [{ ...valid, replicaId: 7 }, /replicaId: 7 is not a replica id/],
  ])('refuses %p, naming the option', (options, message) => {
    expect(() => resolveMcpServerOptions(options as McpServerOptions)).toThrow(
      McpServerConfigError,
    );
    expect(() => resolveMcpServerOptions(options as McpServerOptions)).toThrow(
      message,
    );
  });
});
