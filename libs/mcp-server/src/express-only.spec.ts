import { describe, expect, it } from '@jest/globals';
import { assertExpressAdapter } from './express-only.js';
import { McpServerConfigError } from './mcp-server.errors.js';

describe('assertExpressAdapter', () => {
  it('lets Express and an application without an HTTP server through', () => {
    expect(() => assertExpressAdapter('express')).not.toThrow();
    expect(() => assertExpressAdapter(undefined)).not.toThrow();
  });

  it('refuses any other adapter with a message naming the fix', () => {
    const refusal = (() => {
      try {
        assertExpressAdapter('fastify');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(McpServerConfigError);
    expect((refusal as Error).message).toBe(
      'McpServerModule HTTP adapter: the application runs on "fastify", but @nest-mcp/server ' +
        'serves its MCP endpoint on Express only for now; create the application on Express ' +
        '(NestFactory.create(AppModule), with @nestjs/platform-express installed), or drop ' +
        'McpServerModule: @nest-mcp/auth alone runs on Express and Fastify',
    );
  });
});
