import type { DpopBindingReason } from '../dpop/dpop-binding.error.js';
import type { REPLAY_STORE_FULL } from '../dpop/dpop-replay-store-full.error.js';
import type { InvalidDpopProofReason } from '../dpop/invalid-dpop-proof.error.js';

/** What an operator reads next to each DPoP refusal in the server log (RFC 9449 §4.3, §7, §11.1). */
export const DPOP_FIXES: Readonly<
  Record<
    InvalidDpopProofReason | DpopBindingReason | typeof REPLAY_STORE_FULL,
    string
  >
> = {
  missing_proof:
    'the DPoP scheme needs a DPoP header with a proof (RFC 9449 §7.1); the client sent none',
  multiple_proofs:
    'exactly one DPoP header is allowed (RFC 9449 §4.3 step 1); check proxies that add one',
  malformed: 'the DPoP header is not a well-formed compact JWS',
  wrong_type: 'the proof typ must be "dpop+jwt" (RFC 9449 §4.2)',
  algorithm_not_allowed:
    'the proof alg is not in dpopAlgorithms (MCP_AUTH_DPOP_ALGORITHMS); none and HS* are never accepted',
  bad_key:
    'the proof jwk is not a public asymmetric key usable with its alg (RFC 9449 §4.3 step 7)',
  bad_signature: 'the proof signature does not verify with its own jwk',
  missing_claims:
    'the proof needs jti, htm, htu (strings) and a numeric iat (RFC 9449 §4.2)',
  wrong_method: 'htm must be the request method (RFC 9449 §4.3 step 8)',
  wrong_url:
    'htu must be the public URL of the request, built from resource (MCP_AUTH_RESOURCE_URL); behind a proxy that rewrites paths, only the resource endpoint maps to the resource URL',
  stale:
    "the proof iat is older than dpopProofWindowSeconds (MCP_AUTH_DPOP_PROOF_WINDOW_SECONDS): a delayed or replayed proof, or the client's clock is behind",
  issued_in_future:
    "the proof iat is ahead by more than dpopProofWindowSeconds: the client's clock or this server's is off (NTP)",
  wrong_token_hash:
    'ath must be the base64url SHA-256 of the access token sent with the proof',
  wrong_key:
    "the proof key's RFC 7638 thumbprint is not the token's cnf.jkt: the token was issued to another key",
  missing_content_digest:
    'dpopRequireContentDigest (MCP_AUTH_DPOP_REQUIRE_CONTENT_DIGEST) needs the content_digest claim of the MCP DPoP profile',
  wrong_content_digest:
    'content_digest does not match the SHA-256 of the exact body received (RFC 9530 form sha-256=:<base64>:): a replayed proof, or a proxy that re-encodes bodies',
  body_unavailable:
    'the proof carries content_digest but the raw request body is not kept: create the application with NestFactory.create(AppModule, { rawBody: true })',
  replayed:
    'a proof jti was used before within its window (RFC 9449 §11.1): a replayed request, or a client reusing proofs',
  replay_quota_key:
    'this proof key holds dpopReplayKeyQuota (MCP_AUTH_DPOP_REPLAY_KEY_QUOTA) live proofs; its new proofs pass again as its older ones leave the proof window',
  replay_quota_identity:
    'this identity (iss + sub) holds dpopReplayIdentityQuota (MCP_AUTH_DPOP_REPLAY_IDENTITY_QUOTA) live proofs; its new proofs pass again as its older ones leave the proof window',
  replay_store_full:
    'the replay store holds dpopReplayCacheSize (MCP_AUTH_DPOP_REPLAY_CACHE_SIZE) live proofs (or Redis is out of memory) and answers new ones 503 with Retry-After until some expire (fail closed, RFC 9449 §11.1): raise the size (or Redis maxmemory), lower the quotas or the proof window',
  nonce_required:
    'dpopNonce (MCP_AUTH_DPOP_NONCE) asks for the current server nonce (RFC 9449 §9); the client got it in DPoP-Nonce',
  bound_token_as_bearer:
    'a DPoP-bound token (cnf.jkt) must be sent as Authorization: DPoP with a proof (RFC 9449 §7.2), never as Bearer',
  dpop_required:
    "this issuer's dpop mode is required: its tokens must be DPoP-bound and presented with a proof",
  not_dpop_bound:
    'the DPoP scheme was used with a token that has no cnf.jkt: send it as Bearer, or have the authorization server bind it (DPoP header on the token request)',
  dpop_not_accepted:
    "this issuer's dpop mode is off: send its tokens as Bearer",
  unsupported_binding:
    'the token has a cnf this server cannot check (only cnf.jkt, RFC 9449 §6.1, is supported)',
};
