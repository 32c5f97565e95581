import { Injectable } from '@nestjs/common';
import { McpAuthGuard } from '@nest-mcp/auth';

/** A guard extended through `extractToken`: it takes the token from `X-Api-Token` when present. */
@Injectable()
export class CustomHeaderAuthGuard extends McpAuthGuard {
  protected override extractToken(
    request: Parameters<McpAuthGuard['extractToken']>[0],
  ): string {
    const custom = request.headers?.['x-api-token'];
    if (typeof custom === 'string' && custom) return custom;
    return super.extractToken(request);
  }
}
