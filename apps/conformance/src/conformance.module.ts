import { Module } from '@nestjs/common';
import { McpServerModule } from '@nest-mcp/server';
import { TestPrompts } from './prompts/test.prompts.js';
import { TestResources } from './resources/test.resources.js';
import { ClientRequestTools } from './tools/client-request.tools.js';
import { ContentTools } from './tools/content.tools.js';
import { JsonSchemaTool } from './tools/json-schema.tool.js';
import { NotifyingTools } from './tools/notifying.tools.js';
import { ReconnectionTool } from './tools/reconnection.tool.js';

/**
 * The fixtures of the MCP conformance suite's server scenarios, as decorated providers. No
 * `McpAuthModule`: the suite's client sends no token. Stateful, because the 2025-era client
 * answers a tool's sampling and elicitation requests in later POSTs of the same session, with
 * resumable streams for SSE polling.
 */
@Module({
  imports: [
    McpServerModule.forRoot({
      name: 'nest-mcp-conformance',
      version: '1.0.0',
      requireAuth: false,
      stateful: true,
      logging: true,
      resumableStreams: true,
      sseRetryMs: 500,
      resourceSubscriptions: true,
    }),
  ],
  providers: [
    ContentTools,
    NotifyingTools,
    ClientRequestTools,
    JsonSchemaTool,
    ReconnectionTool,
    TestResources,
    TestPrompts,
  ],
})
export class ConformanceModule {}
