import type { ResourceOwner } from '@nest-mcp/auth';

/**
 * Who may be told a resource changed: the identity that may read it. `issuer` narrows `subject` to
 * one authorization server (give it when subjects of several issuers may collide). It travels with
 * the event, so a shared event bus carries it across replicas.
 *
 * @publicApi
 */
export interface ResourceUpdateTarget {
  /** `sub` of the identity that may read the resource. */
  readonly subject: string;
  /** `iss` of that identity; any trusted issuer when absent. */
  readonly issuer?: string;
}

/** True when an update for `target` may reach a session or stream of `owner` (no target: everyone). */
export function reaches(
  target: ResourceUpdateTarget | undefined,
  owner: Pick<ResourceOwner, 'issuer' | 'subject'> | undefined,
): boolean {
  if (!target) return true;
  if (!owner || owner.subject !== target.subject) return false;
  return target.issuer === undefined || target.issuer === owner.issuer;
}
