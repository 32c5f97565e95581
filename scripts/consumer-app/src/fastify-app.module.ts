import { Module } from '@nestjs/common';
import { McpAuthModule, mcpAuthOptionsFromEnv } from '@nest-mcp/auth';
import { NotesController } from './notes.controller.js';

/** A user's app on Fastify: the resource server alone (from MCP_AUTH_* variables), no MCP endpoint. */
@Module({
  imports: [
    McpAuthModule.forRootAsync({
      useFactory: () => mcpAuthOptionsFromEnv(process.env),
    }),
  ],
  controllers: [NotesController],
})
export class FastifyAppModule {}
