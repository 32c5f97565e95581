import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/**
 * The real SDK client over Streamable HTTP, sending `Authorization: Bearer <token>` when given
 * (through `fetch` when given, e.g. to see the HTTP answers).
 */
export async function connectMcpClient(
  endpoint: string,
  token?: string,
  fetch?: typeof globalThis.fetch,
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'e2e-client', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint), {
    requestInit: token
      ? { headers: { Authorization: `Bearer ${token}` } }
      : undefined,
    fetch,
  });
  await client.connect(transport);
  return { client, transport };
}

/** Headers a Streamable HTTP POST needs, plus `extra`. */
export function mcpHeaders(
  token?: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-06-18',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...extra,
  };
}

/** A JSON-RPC `tools/call` body. */
export function toolsCall(
  name: string,
  args: Record<string, unknown> = {},
  id = 1,
): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name, arguments: args },
  });
}

/** A JSON-RPC `initialize` body of a raw client offering `protocolVersion`, no capabilities. */
export function initializeCall(protocolVersion = '2025-06-18', id = 1): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion,
      capabilities: {},
      clientInfo: { name: 'raw', version: '1' },
    },
  });
}

/**
 * POSTs a raw 2025-11-25 `initialize` with `Authorization: Bearer <token>` and no
 * MCP-Protocol-Version header (none is negotiated yet): the HTTP answer.
 */
export function postInitialize(
  endpoint: string,
  token: string,
): Promise<Response> {
  return fetch(endpoint, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: initializeCall('2025-11-25'),
  });
}
