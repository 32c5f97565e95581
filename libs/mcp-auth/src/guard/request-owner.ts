import type { ResourceOwner } from '../verifier/resource-owner.interface.js';

/**
 * A module-private symbol, not a `WeakMap`: a request lives for milliseconds, and thousands of
 * live `WeakMap` entries make every garbage collection slower (measured: about 25 µs per request).
 */
const OWNER = Symbol('ResourceOwner');

type WithOwner = { [OWNER]?: ResourceOwner };

/** Attaches the verified owner to a request; only the guard calls this. */
export function attachResourceOwner(
  request: object,
  owner: ResourceOwner,
): void {
  (request as WithOwner)[OWNER] = owner;
}

/**
 * The verified `ResourceOwner` of a request, or `undefined` when the guard did not run or the
 * route is `@Public()`. Kept under a symbol no other module holds, so no request property set
 * from input (parsed bodies, headers, query) can spoof it.
 */
export function getResourceOwner(request: object): ResourceOwner | undefined {
  return (request as WithOwner)[OWNER];
}

const SCHEME = Symbol('CredentialScheme');

type WithScheme = { [SCHEME]?: 'Bearer' | 'DPoP' };

/** Records the `Authorization` scheme the request's token came with; only the guard calls this. */
export function attachPresentedScheme(
  request: object,
  scheme: 'Bearer' | 'DPoP',
): void {
  (request as WithScheme)[SCHEME] = scheme;
}

/**
 * The scheme the request's token came with: `DPoP` when the guard read a `DPoP` credential, else
 * `Bearer` (also for a token an overridden `extractToken` found elsewhere).
 */
export function presentedSchemeOf(request: object): 'Bearer' | 'DPoP' {
  return (request as WithScheme)[SCHEME] ?? 'Bearer';
}
