import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { getResourceOwner } from '../guard/request-owner.js';
import type { ResourceOwner as VerifiedResourceOwner } from '../verifier/resource-owner.interface.js';

/** The verified identity behind a bearer access token. */
export type ResourceOwner = VerifiedResourceOwner;

/**
 * Injects the verified `ResourceOwner` (or one of its properties, e.g. `@ResourceOwner('subject')`)
 * into a handler guarded by `McpAuthGuard`. `undefined` on `@Public()` routes.
 *
 * @publicApi
 */
export const ResourceOwner = createParamDecorator(
  (
    property: keyof VerifiedResourceOwner | undefined,
    context: ExecutionContext,
  ) => {
    const owner = getResourceOwner(context.switchToHttp().getRequest<object>());
    return property && owner ? owner[property] : owner;
  },
);
