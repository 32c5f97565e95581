import { Agent, request, type ClientRequest } from 'node:http';

/** The answer to one raw MCP POST: status, the JSON-RPC error code if any, who answered. */
export interface RawAnswer {
  /** HTTP status; 0 when the request failed without an answer. */
  readonly status: number;
  /** JSON-RPC `error.code` of the answer (JSON, or the first SSE `data:` line), if any. */
  readonly rpcError?: number;
  /** Whether the answer carried a JSON-RPC `result`. */
  readonly result: boolean;
  /** The `WWW-Authenticate` challenge, if any. */
  readonly challenge: string;
  /** The `Retry-After` header, if any. */
  readonly retryAfter?: string;
  readonly sessionId?: string;
  readonly servedBy?: string;
  /** Set when the answer is an SSE stream kept open (`hold`): call it to close the stream. */
  readonly close?: () => void;
}

/** The per-request `_meta` envelope of MCP 2026-07-28 (no `initialize`). */
const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'soak', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A raw MCP 2026-07-28 request: body and the `Mcp-Method`/`Mcp-Name` headers that match it. */
export function modernRequest(
  method: string,
  params: Record<string, unknown> = {},
  name?: string,
): { body: string; headers: Record<string, string> } {
  return {
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method,
      params: { ...params, _meta: MODERN_META },
    }),
    headers: {
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...(name === undefined ? {} : { 'mcp-name': name }),
    },
  };
}

/** A raw 2025-era JSON-RPC request (`initialize`, or one of a session with `sessionId`). */
export function legacyRequest(
  method: string,
  params: Record<string, unknown>,
  sessionId?: string,
): { body: string; headers: Record<string, string> } {
  return {
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    headers: {
      'mcp-protocol-version': '2025-06-18',
      ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
    },
  };
}

/** The 2025 `initialize` a hostile client repeats to hold session places. */
export const INITIALIZE_PARAMS = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'soak', version: '1' },
};

/**
 * POSTs `body` to `url` with `authorization` (and `headers`) over `agent`. An SSE answer is read
 * to its end, or with `hold` left open after its first event (a listen stream) with `close` to end
 * it; the JSON-RPC error code is taken from the JSON answer or the first SSE `data:` line.
 */
export function rawPost(
  url: URL,
  agent: Agent,
  authorization: string,
  { body, headers }: { body: string; headers: Record<string, string> },
  hold = false,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    let req: ClientRequest | undefined = undefined;
    req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        timeout: 30_000,
        headers: {
          authorization,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const header = (name: string) => {
          const value = res.headers[name];
          return typeof value === 'string' ? value : undefined;
        };
        const sse = (header('content-type') ?? '').includes(
          'text/event-stream',
        );
        let text = '';
        let settled = false;
        const settle = (close?: () => void) => {
          if (settled) return;
          settled = true;
          const message = firstMessage(text);
          resolve({
            status,
            rpcError: message?.error?.code,
            result: message?.result !== undefined,
            challenge: header('www-authenticate') ?? '',
            retryAfter: header('retry-after'),
            sessionId: header('mcp-session-id'),
            servedBy: header('x-served-by'),
            close,
          });
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < 64_000) text += chunk;
          if (hold && sse && status === 200 && text.includes('\n\n'))
            settle(() => req?.destroy());
        });
        res.once('end', () => settle());
        res.once('error', () => settle());
        res.once('close', () => settle());
      },
    );
    req.once('timeout', () => req?.destroy(new Error('timeout')));
    req.once('error', () =>
      resolve({ status: 0, result: false, challenge: '' }),
    );
    req.end(body);
  });
}

interface JsonRpcMessage {
  result?: unknown;
  error?: { code?: number };
}

/** The JSON-RPC message of a JSON answer, or of the first SSE `data:` line. */
function firstMessage(text: string): JsonRpcMessage | undefined {
  const json = text.trimStart().startsWith('{')
    ? text
    : /^data: (.*)$/m.exec(text)?.[1];
  if (!json) return undefined;
  try {
    return JSON.parse(json) as JsonRpcMessage;
  } catch {
    return undefined;
  }
}
