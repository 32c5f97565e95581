import { rawRequest, type RawResponse } from '../support/raw-request.js';

/** A request to the MCP endpoint with the given `Authorization`, `DPoP` headers and body. */
export interface DpopRequest {
  readonly authorization?: string;
  /** `DPoP` header values, one line each (two: a duplicated header). */
  readonly proofs?: readonly string[];
  readonly body: string;
  readonly method?: string;
  readonly path?: string;
}

/** The answer, with the `WWW-Authenticate` and `DPoP-Nonce` values picked out. */
export interface DpopResponse extends RawResponse {
  readonly challenge: string | undefined;
  readonly nonce: string | undefined;
}

/** Sends `request` byte for byte (so duplicate headers really are two header lines). */
export async function sendDpop(
  url: string,
  request: DpopRequest,
): Promise<DpopResponse> {
  const response = await rawRequest(url, {
    method: request.method ?? 'POST',
    path: request.path ?? '/mcp',
    headerLines: [
      'Content-Type: application/json',
      'Accept: application/json, text/event-stream',
      ...(request.authorization
        ? [`Authorization: ${request.authorization}`]
        : []),
      ...(request.proofs ?? []).map((proof) => `DPoP: ${proof}`),
    ],
    body: request.body,
  });
  const header = (name: string) =>
    response.headers.find(([key]) => key === name)?.[1];
  return {
    ...response,
    challenge: header('www-authenticate'),
    nonce: header('dpop-nonce'),
  };
}
