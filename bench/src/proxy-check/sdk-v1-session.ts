import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** One HTTP exchange of the session, as the client saw it. */
export interface Exchange {
  readonly method: string;
  readonly status: number;
  /** `X-Served-By` of the answer. */
  readonly servedBy: string | null;
}

/** What a scripted session did. */
export interface SessionOutcome {
  readonly exchanges: readonly Exchange[];
  /** `subject` of each `whoami` result. */
  readonly subjects: readonly string[];
  readonly toolNames: readonly string[];
}

/**
 * A scripted 2025-era session with the SDK v1 client (`initialize`, `tools/list`, `whoami` ×
 * `calls`, `add_note`), over Streamable HTTP with `Authorization: Bearer <token>`, recording which
 * replica answered each request. Throws on any MCP or HTTP error, as the SDK does.
 */
export async function runSdkV1Session(
  endpoint: string,
  token: string,
  calls: number,
): Promise<SessionOutcome> {
  const exchanges: Exchange[] = [];
  const recordingFetch = async (url: string | URL, init?: RequestInit) => {
    const response = await fetch(url, init);
    exchanges.push({
      method: init?.method ?? 'GET',
      status: response.status,
      servedBy: response.headers.get('x-served-by'),
    });
    return response;
  };
  const client = new Client({ name: 'proxy-check', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
    fetch: recordingFetch,
  });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const subjects: string[] = [];
    for (let i = 0; i < calls; i++) {
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      if (result.isError) throw new Error('whoami returned isError');
      subjects.push((result.structuredContent as { subject: string }).subject);
    }
    const note = await client.callTool({
      name: 'add_note',
      arguments: { text: 'written through the proxy' },
    });
    if (note.isError) throw new Error('add_note returned isError');
    return { exchanges, subjects, toolNames: tools.map((tool) => tool.name) };
  } finally {
    await client.close();
  }
}
