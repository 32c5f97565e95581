import { type ExecutionContext, Injectable } from '@nestjs/common';
import {
  type AuthErrorResponse,
  McpAuthError,
  McpAuthGuard,
} from '@nest-mcp/auth';

/**
 * A guard extended the way throttler's guard is: it tags each refusal with a header of the
 * answer, then refuses as usual (the answer's headers are set through Nest's HTTP adapter, on
 * Express and Fastify alike).
 */
@Injectable()
export class TaggingAuthGuard extends McpAuthGuard {
  protected override onRefused(
    error: McpAuthError,
    context: ExecutionContext,
    answer: AuthErrorResponse,
  ): never {
    return super.onRefused(error, context, {
      ...answer,
      headers: { ...answer.headers, 'X-Auth-Refused': error.name },
    });
  }
}
