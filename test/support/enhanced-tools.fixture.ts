import {
  BadRequestException,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  Headers,
  Injectable,
  type NestInterceptor,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { getResourceOwner, RequireScopes, ResourceOwner } from '@nest-mcp/auth';
import {
  MCP_CONTEXT_TYPE,
  Tool,
  type ToolCall,
  ToolExtra,
  ToolInput,
} from '@nest-mcp/server';
import { map, type Observable } from 'rxjs';
import { z } from 'zod';

/** Lets only the subject "alice" through; proves guards run on tools with the caller's identity. */
@Injectable()
export class OnlyAliceGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const owner = getResourceOwner(context.switchToHttp().getRequest<object>());
    return (
      context.getType<string>() === MCP_CONTEXT_TYPE &&
      owner?.subject === 'alice'
    );
  }
}

/** Wraps a tool's result; proves interceptors run on tools. */
@Injectable()
export class StampInterceptor implements NestInterceptor {
  intercept(
    _context: ExecutionContext,
    next: CallHandler,
  ): Observable<unknown> {
    return next
      .handle()
      .pipe(map((result) => ({ ...(result as object), stamped: true })));
  }
}

/** Test tools exercising Nest enhancers and error handling inside MCP tools. */
@Injectable()
export class EnhancedTools {
  /** How often `admin_only` ran: proves a refused call never reached it. */
  adminRuns = 0;

  @Tool({
    name: 'guarded_echo',
    description: 'Echo for alice only, stamped by an interceptor.',
    input: z.object({ text: z.string() }),
  })
  @UseGuards(OnlyAliceGuard)
  @UseInterceptors(StampInterceptor)
  echo(
    @ToolInput('text') text: string,
    @ResourceOwner('subject') subject: string,
  ) {
    return { text, subject };
  }

  @Tool({ name: 'explode', description: 'Throws an unexpected error.' })
  explode(): never {
    throw new Error('internal detail: /etc/secret-path');
  }

  @Tool({ name: 'refuse', description: 'Throws an HttpException.' })
  refuse(): never {
    throw new BadRequestException('The request cannot be done');
  }

  @Tool({
    name: 'auth_info',
    description: "Shows the SDK's authInfo of the call.",
  })
  authInfo(
    @ToolExtra() extra: ToolCall['extra'],
    @Headers('authorization') authorization: string,
  ) {
    const info = extra.http?.authInfo;
    return {
      clientId: info?.clientId,
      scopes: info?.scopes,
      resource: info?.resource?.href,
      subject: info?.extra?.subject,
      tokenIsTheBearerToken:
        info?.token === authorization.replace(/^Bearer /, ''),
    };
  }

  @Tool({
    name: 'admin_only',
    description: 'Needs the admin scope.',
    scopes: ['admin'],
  })
  admin() {
    this.adminRuns += 1;
    return { ok: true };
  }

  @Tool({ name: 'reports', description: 'Needs reports via @RequireScopes().' })
  @RequireScopes('reports')
  reports() {
    return { reports: [] };
  }

  @Tool({
    name: 'era',
    description:
      'Shows the protocol revision and client name of the call (MCP 2026-07-28 _meta envelope).',
  })
  era(@ToolExtra() extra: ToolCall['extra']) {
    const envelope = (extra.mcpReq.envelope ?? {}) as Record<string, unknown>;
    const client = envelope['io.modelcontextprotocol/clientInfo'] as
      { name?: unknown } | undefined;
    return {
      protocolVersion:
        envelope['io.modelcontextprotocol/protocolVersion'] ?? null,
      clientName: client?.name ?? null,
    };
  }
}

/** A second tool named like one in `EnhancedTools`, for the duplicate-name boot check. */
@Injectable()
export class DuplicateTools {
  @Tool({ name: 'explode', description: 'Same name again.' })
  explodeAgain() {
    return {};
  }
}
