import {
  createDpopProof,
  generateDpopKey,
  type DpopKey,
  type TestIssuer,
} from '@nest-mcp/auth/testing';
import { sendDpop, type DpopResponse } from '../dpop/dpop-request.js';

/** A caller: its proof key and a token bound to it. */
export interface DpopCaller {
  readonly key: DpopKey;
  readonly token: string;
}

/** A fresh ES256 proof key and a token of `idp` for `subject` (and `scope`) bound to it (`cnf.jkt`). */
export async function dpopCaller(
  idp: TestIssuer,
  subject: string,
  scope?: string,
): Promise<DpopCaller> {
  const key = await generateDpopKey('ES256');
  return { key, token: await idp.mint({ subject, scope, dpopKey: key }) };
}

/** A fresh proof of `caller` for a POST to `resource` (RFC 9449 §4.2). */
export const dpopProofOf = ({ key, token }: DpopCaller, resource: string) =>
  createDpopProof({ key, method: 'POST', url: resource, accessToken: token });

/** POSTs `body` to `url` as `caller` (`Authorization: DPoP <token>`) with `proof`, byte for byte. */
export const sendAsDpopCaller = (
  url: string,
  { token }: DpopCaller,
  proof: string,
  body: string,
): Promise<DpopResponse> =>
  sendDpop(url, { authorization: `DPoP ${token}`, proofs: [proof], body });
