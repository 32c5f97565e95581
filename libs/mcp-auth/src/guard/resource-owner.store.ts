import type { ResourceOwner } from '../verifier/resource-owner.interface.js';

const owners = new WeakMap<object, ResourceOwner>();

/** Attaches the verified owner to a request; only the guard calls this. */
export function attachResourceOwner(
  request: object,
  owner: ResourceOwner,
): void {
  owners.set(request, owner);
}

/**
 * The verified `ResourceOwner` of a request, or `undefined` when the guard did not run or the
 * route is `@Public()`. Kept out of band, so no request property can spoof it.
 */
export function getResourceOwner(request: object): ResourceOwner | undefined {
  return owners.get(request);
}
