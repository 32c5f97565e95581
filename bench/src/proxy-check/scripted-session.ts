/** One HTTP exchange of the session, as the client saw it. */
export interface Exchange {
  readonly method: string;
  readonly status: number;
  /** `X-Served-By` of the answer. */
  readonly servedBy: string | null;
  /** `Mcp-Session-Id` the request carried (2025-era sessions), if any. */
  readonly sessionId: string | null;
}

/** What a scripted session did. */
export interface SessionOutcome {
  readonly exchanges: readonly Exchange[];
  /** `subject` of each `whoami` result. */
  readonly subjects: readonly string[];
  readonly toolNames: readonly string[];
}

/** The part of an SDK client (v1 or v2) the script uses; tool results are read as `ToolAnswer`. */
interface ToolAnswer {
  readonly isError?: boolean;
  readonly structuredContent?: unknown;
}

export interface ScriptClient {
  listTools(): Promise<{ tools: Array<{ name: string }> }>;
  callTool(params: {
    name: string;
    arguments: Record<string, unknown>;
  }): Promise<object>;
  close(): Promise<void>;
}

/** A `fetch` that records, in `exchanges`, each request's method, session and which replica answered. */
export function recordingFetch(exchanges: Exchange[]) {
  return async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const response = await fetch(url, init);
    exchanges.push({
      method: init?.method ?? 'GET',
      status: response.status,
      servedBy: response.headers.get('x-served-by'),
      sessionId: new Headers(init?.headers).get('mcp-session-id'),
    });
    return response;
  };
}

/**
 * The script both eras' sessions run on a connected client: `tools/list`, `whoami` × `calls`,
 * `add_note`. Throws on any MCP or HTTP error, as the SDKs do; closes the client.
 */
export async function runScript(
  client: ScriptClient,
  calls: number,
  exchanges: readonly Exchange[],
): Promise<SessionOutcome> {
  try {
    const { tools } = await client.listTools();
    const subjects: string[] = [];
    for (let i = 0; i < calls; i++) {
      const result = (await client.callTool({
        name: 'whoami',
        arguments: {},
      })) as ToolAnswer;
      if (result.isError) throw new Error('whoami returned isError');
      subjects.push((result.structuredContent as { subject: string }).subject);
    }
    const note = (await client.callTool({
      name: 'add_note',
      arguments: { text: 'written through the proxy' },
    })) as ToolAnswer;
    if (note.isError) throw new Error('add_note returned isError');
    return { exchanges, subjects, toolNames: tools.map((tool) => tool.name) };
  } finally {
    await client.close();
  }
}
