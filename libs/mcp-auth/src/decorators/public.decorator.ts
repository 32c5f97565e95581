import { SetMetadata } from '@nestjs/common';
import { PUBLIC_METADATA } from '../mcp-auth.constants.js';

/**
 * Lets a handler or controller through `McpAuthGuard` without a token (health checks, public pages).
 *
 * @publicApi
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(PUBLIC_METADATA, true);
