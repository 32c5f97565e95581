import { exportJWK, generateKeyPair } from 'jose';
import {
  createDpopProof,
  type DpopKey,
  type DpopProofOptions,
  type TestIssuer,
} from '@nest-mcp/auth/testing';
import { toolsCall } from '../support/mcp-client.js';
import { b64url } from '../support/raw-jws.js';
import type { DpopRequest, DpopResponse } from './dpop-request.js';

/** What a corpus case can use: the issuer, the client's DPoP key, another key, a sender. */
export interface DpopContext {
  readonly idp: TestIssuer;
  readonly key: DpopKey;
  readonly other: DpopKey;
  readonly resource: string;
  /** Sends a request to the app under test (for cases that need an earlier request). */
  readonly send: (request: DpopRequest) => Promise<DpopResponse>;
}

/** What must come back: the status and the error of the `DPoP` or `Bearer` challenge. */
export interface DpopExpectation {
  readonly status: 200 | 401 | 403;
  /** `DPoP error="…"` expected in the challenge (401/403). */
  readonly dpopError?:
    'invalid_dpop_proof' | 'invalid_token' | 'insufficient_scope';
  /** `Bearer error="…"` expected in the challenge. */
  readonly bearerError?: 'invalid_token';
}

/** One rule of RFC 9449 §4.3 / §7 or the MCP DPoP profile, checked by a passing and a failing case. */
export interface DpopCase {
  readonly rule: string;
  readonly outcome: 'pass' | 'fail';
  readonly name: string;
  readonly build: (context: DpopContext) => Promise<DpopRequest>;
  readonly expect: DpopExpectation;
}

const OK: DpopExpectation = { status: 200 };
const BAD_PROOF: DpopExpectation = {
  status: 401,
  dpopError: 'invalid_dpop_proof',
};
const BAD_TOKEN: DpopExpectation = { status: 401, dpopError: 'invalid_token' };
const BODY = toolsCall('whoami');
const OTHER_BODY = toolsCall('whoami', {}, 2);

/** A token bound to the client's key, with `scope`. */
const bound = (c: DpopContext, scope = 'notes:read') =>
  c.idp.mint({ dpopKey: c.key, scope });

/** A request with a bound token and one proof for it; `patch` alters the proof, `body` the body sent. */
const dpop =
  (
    patch: (c: DpopContext) => Partial<DpopProofOptions> = () => ({}),
    body = BODY,
    proofBody: string | undefined = body,
  ) =>
  async (c: DpopContext): Promise<DpopRequest> => {
    const token = await bound(c);
    const proof = await createDpopProof({
      key: c.key,
      method: 'POST',
      url: c.resource,
      accessToken: token,
      body: proofBody,
      ...patch(c),
    });
    return { authorization: `DPoP ${token}`, proofs: [proof], body };
  };

/** A proof JWT with any header and claims, signed by the client's key (or unsigned). */
const handMade = async (
  c: DpopContext,
  token: string,
  header: Record<string, unknown>,
  signature: 'client' | 'none' | 'junk',
): Promise<string> => {
  const claims = {
    jti: crypto.randomUUID(),
    htm: 'POST',
    htu: c.resource,
    iat: Math.floor(Date.now() / 1000),
    ath: (await import('node:crypto'))
      .createHash('sha256')
      .update(token)
      .digest('base64url'),
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return signature === 'none' ? `${input}.` : `${input}.c2lnbmF0dXJl`;
};

/** A hand-made proof whose header names `alg` (one the server must refuse), signed as `signature`. */
const handMadeWithAlg =
  (alg: string, signature: 'none' | 'junk') =>
  async (c: DpopContext): Promise<DpopRequest> => {
    const token = await bound(c);
    const header = { typ: 'dpop+jwt', alg, jwk: c.key.publicJwk };
    return {
      authorization: `DPoP ${token}`,
      proofs: [await handMade(c, token, header, signature)],
      body: BODY,
    };
  };

const pair = (
  rule: string,
  pass: [string, DpopCase['build'], DpopExpectation?],
  fail: [string, DpopCase['build'], DpopExpectation],
): DpopCase[] => [
  {
    rule,
    outcome: 'pass',
    name: pass[0],
    build: pass[1],
    expect: pass[2] ?? OK,
  },
  { rule, outcome: 'fail', name: fail[0], build: fail[1], expect: fail[2] },
];

/** Cases for the default configuration (`dpop: 'allowed'`, digest optional, no nonce). */
export const DPOP_CORPUS: readonly DpopCase[] = [
  ...pair(
    'content_digest = SHA-256 of the exact body (MCP DPoP profile, RFC 9530)',
    ['the digest of the body sent', dpop()],
    [
      'the digest of another body',
      dpop(() => ({}), BODY, OTHER_BODY),
      BAD_PROOF,
    ],
  ),
  ...pair(
    'content_digest in RFC 9530 form',
    ['sha-256=:<base64>:', dpop()],
    [
      'a digest in another form',
      dpop(() => ({ claims: { content_digest: 'sha-256=abc' } })),
      BAD_PROOF,
    ],
  ),
  ...pair(
    'a digest-less proof is accepted once (jti replay cache, RFC 9449 §11.1)',
    ['a digest-less proof', dpop(() => ({}), BODY, undefined)],
    [
      'the same digest-less proof replayed',
      async (c) => {
        const request = await dpop(() => ({}), BODY, undefined)(c);
        const first = await c.send(request);
        if (first.status !== 200) throw new Error(`first use: ${first.status}`);
        return request;
      },
      BAD_PROOF,
    ],
  ),
  ...pair(
    'a proof is bound to its body (replay on another body)',
    ['a proof with the digest of its body', dpop()],
    [
      'a used proof replayed on another body',
      async (c) => {
        const request = await dpop()(c);
        const first = await c.send(request);
        if (first.status !== 200) throw new Error(`first use: ${first.status}`);
        return { ...request, body: OTHER_BODY };
      },
      BAD_PROOF,
    ],
  ),
  ...pair(
    'the proof key is the one the token is bound to (cnf.jkt, RFC 9449 §6.1)',
    ['signed by the bound key', dpop()],
    ['signed by another key', dpop((c) => ({ key: c.other })), BAD_TOKEN],
  ),
  ...pair(
    'htu is the resource URL (RFC 9449 §4.3 step 9, RFC 3986 normalisation)',
    [
      'another spelling of the resource URL',
      dpop((c) => ({
        claims: { htu: c.resource.replace('http://', 'HTTP://') },
      })),
    ],
    [
      'another path',
      dpop((c) => ({ url: `${new URL(c.resource).origin}/other` })),
      BAD_PROOF,
    ],
  ),
  ...pair(
    'htu names this server, not one the Host header names',
    ['the configured origin', dpop()],
    [
      'another host',
      dpop(() => ({ url: 'http://evil.example/mcp' })),
      BAD_PROOF,
    ],
  ),
  ...pair(
    'htm is the request method (RFC 9449 §4.3 step 8)',
    ['POST', dpop(() => ({ method: 'POST' }))],
    ['GET', dpop(() => ({ method: 'GET' })), BAD_PROOF],
  ),
  ...pair(
    'iat not older than the window (RFC 9449 §4.3 step 11)',
    ['290 s old', dpop(() => ({ iatOffsetSeconds: -290 }))],
    ['310 s old', dpop(() => ({ iatOffsetSeconds: -310 })), BAD_PROOF],
  ),
  ...pair(
    'iat not ahead of the window',
    ['290 s ahead', dpop(() => ({ iatOffsetSeconds: 290 }))],
    ['310 s ahead', dpop(() => ({ iatOffsetSeconds: 310 })), BAD_PROOF],
  ),
  ...pair(
    'ath = base64url(SHA-256(token)) (RFC 9449 §4.3 step 10)',
    ['the hash of the token sent', dpop()],
    [
      'the hash of another token',
      dpop(() => ({ accessToken: 'another-token' })),
      BAD_PROOF,
    ],
  ),
  ...pair(
    'ath present',
    ['with ath', dpop()],
    ['without ath', dpop(() => ({ claims: { ath: undefined } })), BAD_PROOF],
  ),
  ...pair(
    'jti present',
    ['with jti', dpop()],
    ['without jti', dpop(() => ({ claims: { jti: undefined } })), BAD_PROOF],
  ),
  ...pair(
    'typ dpop+jwt (RFC 9449 §4.3 step 4)',
    ['typ dpop+jwt', dpop(() => ({ header: { typ: 'dpop+jwt' } }))],
    ['typ JWT', dpop(() => ({ header: { typ: 'JWT' } })), BAD_PROOF],
  ),
  ...pair(
    'alg asymmetric and allowed (RFC 9449 §4.3 step 5)',
    ['ES256', dpop()],
    ['alg none', handMadeWithAlg('none', 'none'), BAD_PROOF],
  ),
  ...pair(
    'alg never symmetric',
    ['ES256', dpop()],
    ['alg HS256', handMadeWithAlg('HS256', 'junk'), BAD_PROOF],
  ),
  ...pair(
    'jwk is a public key (RFC 9449 §4.3 step 7)',
    ['a public jwk', dpop()],
    [
      'a private key in jwk',
      async (c) => {
        const { privateKey } = await generateKeyPair('ES256', {
          extractable: true,
        });
        return dpop(() => ({}))(c).then(async (request) => {
          const token = request.authorization!.slice(5);
          const proof = await createDpopProof({
            key: c.key,
            method: 'POST',
            url: c.resource,
            accessToken: token,
            body: BODY,
            header: { jwk: await exportJWK(privateKey) },
          });
          return { ...request, proofs: [proof] };
        });
      },
      BAD_PROOF,
    ],
  ),
  ...pair(
    'the signature verifies with the jwk',
    ['signed by the jwk', dpop()],
    [
      "the bound key's jwk in the header, signed by another key",
      async (c) => {
        const token = await c.idp.mint({
          dpopKey: c.other,
          scope: 'notes:read',
        });
        const proof = await createDpopProof({
          key: c.key,
          method: 'POST',
          url: c.resource,
          accessToken: token,
          body: BODY,
          header: { jwk: c.other.publicJwk },
        });
        return { authorization: `DPoP ${token}`, proofs: [proof], body: BODY };
      },
      BAD_PROOF,
    ],
  ),
  ...pair(
    'exactly one DPoP header (RFC 9449 §4.3 step 1)',
    ['one DPoP header', dpop()],
    [
      'two DPoP headers',
      async (c) => {
        const request = await dpop()(c);
        const token = request.authorization!.slice(5);
        const second = await createDpopProof({
          key: c.key,
          method: 'POST',
          url: c.resource,
          accessToken: token,
          body: BODY,
        });
        return { ...request, proofs: [...request.proofs!, second] };
      },
      BAD_PROOF,
    ],
  ),
  ...pair(
    'a proof is a JWT',
    ['a compact JWS', dpop()],
    [
      'not a JWT',
      async (c) => ({
        authorization: `DPoP ${await bound(c)}`,
        proofs: ['not-a-jwt'],
        body: BODY,
      }),
      BAD_PROOF,
    ],
  ),
  ...pair(
    'the DPoP scheme comes with a proof (RFC 9449 §7.1)',
    ['a proof', dpop()],
    [
      'no DPoP header',
      async (c) => ({ authorization: `DPoP ${await bound(c)}`, body: BODY }),
      BAD_PROOF,
    ],
  ),
  ...pair(
    'a DPoP-bound token is never a bearer token (RFC 9449 §7.2)',
    ['DPoP scheme and proof', dpop()],
    [
      'the bound token sent as Bearer',
      async (c) => ({ authorization: `Bearer ${await bound(c)}`, body: BODY }),
      { status: 401, bearerError: 'invalid_token' },
    ],
  ),
  ...pair(
    'the verified-token cache never skips the proof',
    [
      'the same token again, with a fresh proof',
      async (c) => {
        const token = await bound(c);
        const proof = () =>
          createDpopProof({
            key: c.key,
            method: 'POST',
            url: c.resource,
            accessToken: token,
            body: BODY,
          });
        const first = await c.send({
          authorization: `DPoP ${token}`,
          proofs: [await proof()],
          body: BODY,
        });
        if (first.status !== 200) throw new Error(`first use: ${first.status}`);
        return {
          authorization: `DPoP ${token}`,
          proofs: [await proof()],
          body: BODY,
        };
      },
    ],
    [
      'the same token again (cached), as Bearer',
      async (c) => {
        const request = await dpop()(c);
        const first = await c.send(request);
        if (first.status !== 200) throw new Error(`first use: ${first.status}`);
        return {
          authorization: `Bearer ${request.authorization!.slice(5)}`,
          body: BODY,
        };
      },
      { status: 401, bearerError: 'invalid_token' },
    ],
  ),
  ...pair(
    'the verified-token cache never skips the proof (no DPoP header)',
    ['a fresh proof', dpop()],
    [
      'the same token again (cached), DPoP scheme without a proof',
      async (c) => {
        const request = await dpop()(c);
        const first = await c.send(request);
        if (first.status !== 200) throw new Error(`first use: ${first.status}`);
        return { authorization: request.authorization, body: BODY };
      },
      BAD_PROOF,
    ],
  ),
  ...pair(
    'bearer clients unaffected in allowed mode; the DPoP scheme needs a bound token',
    [
      'an unbound token as Bearer',
      async (c) => ({
        authorization: `Bearer ${await c.idp.mint({ scope: 'notes:read' })}`,
        body: BODY,
      }),
    ],
    [
      'an unbound token with the DPoP scheme and a proof',
      async (c) => {
        const token = await c.idp.mint({ scope: 'notes:read' });
        const proof = await createDpopProof({
          key: c.key,
          method: 'POST',
          url: c.resource,
          accessToken: token,
          body: BODY,
        });
        return { authorization: `DPoP ${token}`, proofs: [proof], body: BODY };
      },
      BAD_TOKEN,
    ],
  ),
  ...pair(
    'a 403 uses the scheme the token came with',
    ['list_notes with notes:read', dpop(() => ({}), toolsCall('list_notes'))],
    [
      'add_note without notes:write',
      dpop(() => ({}), toolsCall('add_note', { text: 'x' })),
      { status: 403, dpopError: 'insufficient_scope' },
    ],
  ),
];
