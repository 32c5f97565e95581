import { request } from 'node:https';

/**
 * A WHATWG `fetch` over `node:https` that trusts only `caPem`: for an authorization server in a
 * test to fetch documents from a local `https` server signed by a test CA. It honours `method`,
 * `headers` and `signal`, never follows redirects, and ignores any `dispatcher` it is given.
 */
export function httpsFetchTrusting(
  caPem: string,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return (input, init = {}) =>
    new Promise((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : input);
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const outgoing = request(
        url,
        {
          method: init.method ?? 'GET',
          headers,
          ca: caPem,
          signal: init.signal ?? undefined,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) {
              for (const one of [value ?? []].flat())
                responseHeaders.append(name, one);
            }
            const status = incoming.statusCode ?? 500;
            const empty = [101, 204, 205, 304].includes(status);
            resolve(
              new Response(empty ? null : Buffer.concat(chunks), {
                status,
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
}
