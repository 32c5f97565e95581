import { Inject, Injectable } from '@nestjs/common';
import { MCP_AUTH_RESOLVED_OPTIONS } from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import type { ResourceOwner } from '../verifier/resource-owner.interface.js';
import { DpopBindingError } from './dpop-binding.error.js';
import { headerValues } from '../guard/header-values.js';
import { DpopNonces } from './dpop-nonces.js';
import { DpopPolicy } from './dpop-policy.js';
import { verifyDpopProof, type DpopProofRules } from './dpop-proof.js';
import {
  DPOP_REPLAY_STORE,
  type DpopReplayStore,
} from './dpop-replay-store.js';
import { InvalidDpopProofError } from './invalid-dpop-proof.error.js';
import { ProofKeys } from './proof-keys.js';
import { rawBodyOf, type RequestWithBody } from './request-body.js';
import type { RequestWithHeaders } from '../guard/bearer-token.js';
import { type HttpRequestLike, requestPathOf } from '../http/http-request.js';

/** The parts of an HTTP request the DPoP check reads. */
export type DpopCheckedRequest = RequestWithHeaders &
  RequestWithBody &
  Pick<HttpRequestLike, 'method' | 'url' | 'originalUrl'>;

/**
 * Checks how a verified token was presented (RFC 9449 §7.1, §7.2): a DPoP-bound token (`cnf.jkt`)
 * only with the `DPoP` scheme and one valid proof for this request, bearer tokens only where the
 * issuer's DPoP mode allows them. Runs on every request, after the token (cached or not) verified:
 * the verified-token cache never lets a bound token skip its proof.
 */
@Injectable()
export class DpopRequestCheck {
  /** The modes in force. */
  readonly policy: DpopPolicy;
  /** Server nonces, when `dpopNonce` is on. */
  readonly nonces: DpopNonces | undefined;
  private readonly rules: DpopProofRules;
  private readonly resource: string;
  private readonly resourceOrigin: string;

  constructor(
    @Inject(MCP_AUTH_RESOLVED_OPTIONS) options: ResolvedMcpAuthOptions,
    @Inject(DPOP_REPLAY_STORE) replay: DpopReplayStore,
  ) {
    this.policy = new DpopPolicy(options);
    this.resource = options.resource;
    this.resourceOrigin = new URL(options.resource).origin;
    this.nonces = options.dpopNonce
      ? new DpopNonces(
          options.dpopNonceSecret,
          options.dpopNonceLifetimeSeconds * 1000,
        )
      : undefined;
    const nonces = this.nonces;
    this.rules = {
      algorithms: options.dpopAlgorithms,
      iatWindowSeconds: options.dpopProofWindowSeconds,
      requireContentDigest: options.dpopRequireContentDigest,
      replay,
      keys: new ProofKeys(),
      acceptsNonce: nonces ? (nonce) => nonces.accepts(nonce) : undefined,
    };
  }

  /**
   * Returns (or resolves) when `owner`'s token, presented with `scheme`, may be used for
   * `request`: at once for a bearer token, and for a proof whose key was seen before. `resourceEndpoint`: the route is
   * the resource itself, so `htu` must be the configured resource URL. Throws (or rejects with)
   * `DpopBindingError` or `InvalidDpopProofError`.
   */
  check(
    request: DpopCheckedRequest,
    scheme: 'Bearer' | 'DPoP',
    token: string,
    owner: ResourceOwner,
    resourceEndpoint: boolean,
  ): void | Promise<void> {
    const jkt = boundKeyOf(owner);
    const mode = this.policy.modeOf(owner.issuer);
    if (scheme === 'Bearer') {
      if (jkt !== undefined)
        throw new DpopBindingError('bound_token_as_bearer', owner.issuer);
      if (mode === 'required')
        throw new DpopBindingError('dpop_required', owner.issuer);
      return undefined;
    }
    if (mode === 'off')
      throw new DpopBindingError('dpop_not_accepted', owner.issuer);
    if (jkt === undefined)
      throw new DpopBindingError('not_dpop_bound', owner.issuer);
    const proofs = headerValues(request, 'dpop');
    if (proofs.length !== 1) {
      throw new InvalidDpopProofError(
        proofs.length === 0 ? 'missing_proof' : 'multiple_proofs',
      );
    }
    return verifyDpopProof(
      {
        proof: proofs[0].trim(),
        method: request.method ?? 'GET',
        url: resourceEndpoint ? this.resource : this.publicUrlOf(request),
        accessToken: token,
        jkt,
        issuer: owner.issuer,
        subject: owner.subject,
        body: rawBodyOf(request),
      },
      this.rules,
    );
  }

  /**
   * The public URL of a request to another route than the resource endpoint: the configured
   * resource's origin and the request's path. Never `Host` or `X-Forwarded-*`, which clients
   * control.
   */
  private publicUrlOf(request: DpopCheckedRequest): string {
    return `${this.resourceOrigin}${requestPathOf(request)}`;
  }
}

/**
 * The `cnf.jkt` a token is bound to (RFC 9449 §6.1), `undefined` for an unbound token. A `cnf`
 * that is not an object, or binds to something else than a JWK thumbprint (RFC 8705 `x5t#S256`),
 * cannot be checked here: refused.
 */
function boundKeyOf(owner: ResourceOwner): string | undefined {
  const cnf = owner.claims.cnf as unknown;
  if (cnf === undefined) return undefined;
  if (typeof cnf === 'object' && cnf !== null && !Array.isArray(cnf)) {
    const { jkt } = cnf as { jkt?: unknown };
    if (typeof jkt === 'string' && jkt.length > 0) return jkt;
  }
  throw new DpopBindingError('unsupported_binding', owner.issuer);
}
