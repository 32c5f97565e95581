import { request } from 'node:http';
import { MCP_HEADERS, WHOAMI_CALL_BODY } from './mcp-call.js';

/**
 * Sends one `whoami` call per token, all at once, each on its own connection, and returns the
 * status codes in order.
 */
export function concurrentBurst(
  url: string,
  tokens: readonly string[],
): Promise<number[]> {
  return Promise.all(tokens.map((token) => postOnce(url, token)));
}

function postOnce(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          ...MCP_HEADERS,
          Authorization: `Bearer ${token}`,
          'Content-Length': Buffer.byteLength(WHOAMI_CALL_BODY),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(WHOAMI_CALL_BODY);
  });
}
