import type { ResourceOwner } from '@nest-mcp/auth';

/**
 * The key of an identity (issuer + subject) for per-identity limits and session binding, or
 * `undefined` on a server without `McpAuthModule`.
 */
export function identityOf(
  owner: Pick<ResourceOwner, 'issuer' | 'subject'> | undefined,
): string | undefined {
  return owner ? JSON.stringify([owner.issuer, owner.subject]) : undefined;
}
