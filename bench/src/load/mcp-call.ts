import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { TOOL_NAME } from '../server/server-kind.js';

/** The JSON-RPC body of every bench request: `tools/call whoami`, no `initialize` (stateless). */
export const WHOAMI_CALL_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: TOOL_NAME, arguments: {} },
});

/** Headers of every 2025-era bench request, `Authorization` aside. */
export const MCP_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
  'MCP-Protocol-Version': LATEST_PROTOCOL_VERSION,
};

/** Which protocol revision a bench request speaks. */
export type Era = 'legacy' | 'modern';

/** The same call in MCP 2026-07-28: no `initialize`, the `_meta` envelope, `Mcp-Method`/`Mcp-Name`. */
const MODERN_CALL_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: TOOL_NAME,
    arguments: {},
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': {},
    },
  },
});

const MODERN_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
  'MCP-Protocol-Version': '2026-07-28',
  'Mcp-Method': 'tools/call',
  'Mcp-Name': TOOL_NAME,
};

/** Body and headers (`Authorization` aside) of a `tools/call whoami` in `era`. */
export function whoamiCall(era: Era): {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
} {
  return era === 'modern'
    ? { body: MODERN_CALL_BODY, headers: MODERN_HEADERS }
    : { body: WHOAMI_CALL_BODY, headers: MCP_HEADERS };
}

/** What one `whoami` call answered. */
export interface WhoamiAnswer {
  readonly status: number;
  /** `structuredContent.subject` of a successful tool result, if any. */
  readonly subject: string | undefined;
  /** Short description of the body when it is not a successful tool result. */
  readonly problem: string | undefined;
}

/** Calls `whoami` once at `url` in `era`, with `token` as bearer when given, and reads the answer. */
export async function callWhoami(
  url: string,
  token?: string,
  era: Era = 'legacy',
): Promise<WhoamiAnswer> {
  const call = whoamiCall(era);
  const headers: Record<string, string> = { ...call.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: call.body,
  });
  const text = await response.text();
  const message = jsonRpcMessage(
    text,
    response.headers.get('content-type') ?? '',
  );
  const result = message?.result as
    | { isError?: boolean; structuredContent?: { subject?: unknown } }
    | undefined;
  const subject = result?.structuredContent?.subject;
  const ok = result && !result.isError && typeof subject === 'string';
  return {
    status: response.status,
    subject: ok ? (subject as string) : undefined,
    problem: ok ? undefined : text.slice(0, 200).replace(/\s+/g, ' '),
  };
}

/** The JSON-RPC message of a JSON body or of the first `data:` line of an SSE stream. */
function jsonRpcMessage(
  text: string,
  contentType: string,
): Record<string, unknown> | undefined {
  const json = contentType.includes('text/event-stream')
    ? text
        .split('\n')
        .find((line) => line.startsWith('data:'))
        ?.slice('data:'.length)
    : text;
  try {
    return json ? (JSON.parse(json) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
