import { type ExecutionContext, Injectable } from '@nestjs/common';
import {
  type AuthErrorResponse,
  McpAuthError,
  McpAuthGuard,
} from '@nest-mcp/auth';

/** A guard extended the way throttler's guard is: it tags each refusal, then refuses as usual. */
@Injectable()
export class TaggingAuthGuard extends McpAuthGuard {
  protected override onRefused(
    error: McpAuthError,
    context: ExecutionContext,
    answer: AuthErrorResponse,
  ): never {
    context
      .switchToHttp()
      .getResponse<{ setHeader(name: string, value: string): void }>()
      .setHeader('X-Auth-Refused', error.name);
    return super.onRefused(error, context, answer);
  }
}
