import { Module } from '@nestjs/common';
import { McpAuthModule, mcpAuthOptionsFromEnv } from '@nest-mcp/auth';
import { McpServerModule } from '@nest-mcp/server';
import { NotesController } from './notes.controller.js';
import { NotesTools } from './notes.tools.js';

/** A user's app on Fastify: the resource server from MCP_AUTH_* variables, the MCP endpoint at /mcp. */
@Module({
  imports: [
    McpAuthModule.forRootAsync({
      useFactory: () => mcpAuthOptionsFromEnv(process.env),
    }),
    McpServerModule.forRoot({ name: 'consumer-fastify', version: '1.0.0' }),
  ],
  controllers: [NotesController],
  providers: [NotesTools],
})
export class FastifyAppModule {}
