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
    });
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
      { ...valid, resourceSubscriptions: true },
      /resourceSubscriptions.*stateful: true/,
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
  ])('refuses %p, naming the option', (options, message) => {
    expect(() => resolveMcpServerOptions(options as McpServerOptions)).toThrow(
      McpServerConfigError,
    );
    expect(() => resolveMcpServerOptions(options as McpServerOptions)).toThrow(
      message,
    );
  });
});
