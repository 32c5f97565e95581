import {
  Client,
  StreamableHTTPClientTransport,
  type VersionNegotiationMode,
} from '@modelcontextprotocol/client';

/**
 * The SDK v2 client over Streamable HTTP with `mode` negotiation, sending the bearer `token`
 * (through `fetch` when given, e.g. to see the HTTP answers).
 */
export async function connectV2Client(
  endpoint: string,
  token: string | undefined,
  mode: VersionNegotiationMode,
  fetch?: typeof globalThis.fetch,
): Promise<Client> {
  const client = new Client(
    { name: 'e2e-client-v2', version: '1.0.0' },
    { versionNegotiation: { mode } },
  );
  const transport = new StreamableHTTPClientTransport(new URL(endpoint), {
    requestInit: token
      ? { headers: { Authorization: `Bearer ${token}` } }
      : undefined,
    fetch,
  });
  await client.connect(transport);
  return client;
}

/** Headers of a raw MCP 2026-07-28 POST for `method` (and `name`), plus `extra`. */
export function modernHeaders(
  token: string | undefined,
  method: string,
  name?: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': method,
    ...(name === undefined ? {} : { 'mcp-name': name }),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...extra,
  };
}

/** A raw MCP 2026-07-28 request body: the per-request `_meta` envelope, no `initialize`. */
export function modernBody(
  method: string,
  params: Record<string, unknown> = {},
  version = '2026-07-28',
): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method,
    params: {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': version,
        'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
        'io.modelcontextprotocol/clientCapabilities': {},
      },
    },
  });
}
