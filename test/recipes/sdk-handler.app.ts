import {
  All,
  Controller,
  Injectable,
  Module,
  Req,
  Res,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  type AuthInfo,
  createMcpHandler,
  McpServer,
  requireScopes,
} from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  getResourceOwner,
  McpAuthModule,
  McpAuthPort,
  RequireScopes,
  ResourceEndpoint,
  toMcpAuthInfo,
  type McpAuthOptions,
} from '@nest-mcp/auth';
import { z } from 'zod';

/**
 * The SDK `createMcpHandler` recipe (docs/recipes/sdk-create-mcp-handler.md) as one module: a plain
 * controller guarded by the global `McpAuthGuard`, the verified owner handed over as `authInfo`.
 */

/** One server per request, as `createMcpHandler` asks; tools read `ctx.http.authInfo`. */
export function notesServer(): McpServer {
  const server = new McpServer({ name: 'notes', version: '1.0.0' });
  server.registerTool(
    'whoami',
    { description: 'Who the access token was issued to' },
    (ctx) => {
      const auth = ctx.http?.authInfo;
      return {
        content: [
          {
            type: 'text',
            text: `${String(auth?.extra?.subject)} via ${auth?.clientId}`,
          },
        ],
      };
    },
  );
  server.registerTool(
    'delete-note',
    {
      description: 'Deletes a note',
      inputSchema: z.object({ id: z.string() }),
      scopeChallenge: requireScopes('notes:write'),
    },
    ({ id }, ctx) => ({
      content: [
        {
          type: 'text',
          text: `${String(ctx.http?.authInfo?.extra?.subject)} deleted ${id}`,
        },
      ],
    }),
  );
  return server;
}

/** The MCP endpoint: Nest routes and guards it, the SDK serves it. */
@Injectable()
class McpEndpoint implements OnModuleDestroy {
  private readonly mcp = createMcpHandler(notesServer, { legacy: 'stateless' });
  private readonly serve = toNodeHandler(this.mcp);

  constructor(private readonly auth: McpAuthPort) {}

  @All()
  async handle(
    @Req() req: Request & { auth?: AuthInfo },
    @Res() res: Response,
  ): Promise<void> {
    const owner = getResourceOwner(req);
    if (owner) req.auth = toMcpAuthInfo(owner, this.auth);
    await this.serve(req, res, req.body);
  }

  async onModuleDestroy(): Promise<void> {
    await this.mcp.close();
  }
}

/** The module for `auth` (the resource and its trusted issuer). */
export function recipeModule(
  auth: McpAuthOptions,
  /** `@RequireScopes()` of the endpoint (none by default). */
  endpointScopes: string[] = [],
) {
  @Controller('mcp')
  @ResourceEndpoint()
  @RequireScopes(...endpointScopes)
  class NotesEndpoint extends McpEndpoint {}

  @Module({
    imports: [McpAuthModule.forRoot(auth)],
    controllers: [NotesEndpoint],
  })
  class AppModule {}
  return AppModule;
}
