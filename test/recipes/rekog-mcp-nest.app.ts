import {
  Controller,
  Injectable,
  Module,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  McpAuthModule,
  RequireScopes,
  ResourceEndpoint,
  getResourceOwner,
  type McpAuthOptions,
} from '@nest-mcp/auth';
import {
  McpController,
  McpHttpControllerFor,
  McpStrategy,
  StreamableHttpTransport,
  Tool,
  ToolScopes,
  type McpContext,
} from '@rekog/mcp-nest';
import { z } from 'zod';

/**
 * The `@rekog/mcp-nest` recipe (docs/recipes/rekog-mcp-nest.md) as one module: the global
 * `McpAuthGuard` on mcp-nest's MCP controller, the verified scopes handed to its `@ToolScopes()`
 * as `req.user`.
 */

/** mcp-nest reads `req.user.scopes` for `@ToolScopes()`: hand it the verified ones. */
@Injectable()
export class McpNestUserInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const request = context.switchToHttp().getRequest<{ user?: unknown }>();
    const owner = getResourceOwner(request);
    if (owner) request.user = { sub: owner.subject, scopes: [...owner.scopes] };
    return next.handle();
  }
}

/** Tools that read the verified identity through mcp-nest's raw request. */
@McpController()
export class NotesTools {
  @Tool({ name: 'whoami', description: 'Who the access token was issued to' })
  whoami(@Ctx() ctx: McpContext) {
    const owner = getResourceOwner(ctx.getRawRequest<object>() ?? {});
    return {
      content: [
        { type: 'text', text: `${owner?.subject} via ${owner?.clientId}` },
      ],
    };
  }

  @Tool({
    name: 'delete-note',
    description: 'Deletes a note',
    parameters: z.object({ id: z.string() }),
  })
  @ToolScopes(['notes:write'])
  deleteNote(@Payload() { id }: { id: string }, @Ctx() ctx: McpContext) {
    const owner = getResourceOwner(ctx.getRawRequest<object>() ?? {});
    return {
      content: [{ type: 'text', text: `${owner?.subject} deleted ${id}` }],
    };
  }
}

/** Builds the strategy and module for `auth` (the resource and its trusted issuer). */
export function recipeApp(
  auth: McpAuthOptions,
  metadataUrl: string,
  /** `@RequireScopes()` of the endpoint (none by default). */
  endpointScopes: string[] = [],
) {
  const transport = new StreamableHttpTransport({
    stepUpAuthorization: { resourceMetadataUrl: metadataUrl },
  });

  @Controller('mcp')
  @ResourceEndpoint()
  @RequireScopes(...endpointScopes)
  @UseInterceptors(McpNestUserInterceptor)
  class McpEndpoint extends McpHttpControllerFor(transport) {}

  @Module({
    imports: [McpAuthModule.forRoot({ ...auth })],
    controllers: [McpEndpoint, NotesTools],
  })
  class AppModule {}

  const strategy = new McpStrategy({
    name: 'notes',
    version: '1.0.0',
    transports: [transport],
  });
  return { AppModule, strategy };
}
