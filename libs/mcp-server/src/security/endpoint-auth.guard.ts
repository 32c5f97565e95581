import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
} from '@nestjs/common';
import { AuthConnection } from '../transport/auth-connection.js';

/**
 * Protects the MCP endpoint with `McpAuthGuard` even when it is not registered globally
 * (`globalGuard: false`). A request the global guard already verified is not verified again.
 */
@Injectable()
export class McpEndpointAuthGuard implements CanActivate {
  constructor(private readonly auth: AuthConnection) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const port = this.auth.port;
    if (!port) return true;
    if (port.ownerOf(context.switchToHttp().getRequest<object>())) return true;
    return port.authenticate(context);
  }
}
