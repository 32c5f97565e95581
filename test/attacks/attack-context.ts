import type { TestIssuer, TestSigningKey } from '@nest-mcp/auth/testing';

/** What an attack case can use to build its request. */
export interface AttackContext {
  /** The trusted issuer (its JWKS is the only trusted key source). */
  readonly idp: TestIssuer;
  /** A key the attacker controls, never published by the trusted issuer. */
  readonly attacker: TestSigningKey;
  /** The attacker's own JWKS server (jku/x5u targets); must receive no request. */
  readonly lure: TestIssuer;
  /** The MCP resource URL (the right audience). */
  readonly resource: string;
  /** Claims of a valid token for the resource, to alter. */
  readonly claims: () => Record<string, unknown>;
}

/** The request an attack case sends to `POST /mcp`. */
export type AttackRequest =
  | { kind: 'authorization'; value: string }
  | { kind: 'raw-headers'; lines: string[] }
  | { kind: 'query'; token: string }
  | { kind: 'form'; token: string };

/** Expected answer: the status and the `error` of the challenge (`null`: a challenge without one). */
export interface AttackExpectation {
  status: number;
  error: 'invalid_token' | 'invalid_request' | null | 'no-challenge';
}

/** One attack: a family, a name, how to build it, what must come back. */
export interface AttackCase {
  family: string;
  name: string;
  build: (context: AttackContext) => Promise<AttackRequest> | AttackRequest;
  expect: AttackExpectation;
}
