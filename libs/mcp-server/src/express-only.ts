import { McpServerConfigError } from './mcp-server.errors.js';

/**
 * Refuses, at boot, an HTTP adapter other than Express: the MCP endpoint is served through the
 * SDK's Node transport on Express's request and response objects (`@nestjs/platform-express`).
 * `type` is the adapter's `getType()`; `undefined` (no HTTP server) is left alone.
 */
export function assertExpressAdapter(type: string | undefined): void {
  if (type === undefined || type === 'express') return;
  throw new McpServerConfigError(
    'HTTP adapter',
    `the application runs on "${type}", but @nest-mcp/server serves its MCP endpoint on ` +
      'Express only for now; create the application on Express (NestFactory.create(AppModule), ' +
      'with @nestjs/platform-express installed), or drop McpServerModule: @nest-mcp/auth alone ' +
      'runs on Express and Fastify',
  );
}
