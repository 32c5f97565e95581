import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
} from '@nestjs/common';
import { AuthBridge } from '../transport/auth-bridge.js';

/**
 * Protects the MCP endpoint with `McpAuthGuard` even when it is not registered globally
 * (`globalGuard: false`). A request the global guard already verified is not verified again.
 */
@Injectable()
export class McpEndpointAuthGuard implements CanActivate {
  constructor(private readonly bridge: AuthBridge) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const auth = this.bridge.auth;
    return auth ? auth.guard.canActivate(context) : true;
  }
}
