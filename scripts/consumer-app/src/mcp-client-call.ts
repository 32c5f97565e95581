import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** What `listAndCall` saw: the listed tool names and the called tool's structured result. */
export interface ListAndCallResult {
  tools: string[];
  structuredContent: unknown;
}

/**
 * Connects the official SDK client to `endpoint` with `Authorization: Bearer <token>`, lists the
 * tools and calls `tool`. The one place the consumer talks MCP through the SDK.
 */
export async function listAndCall(
  endpoint: string,
  token: string,
  tool: string,
  args: Record<string, unknown>,
): Promise<ListAndCallResult> {
  const client = new Client({ name: 'consumer-e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const result = await client.callTool({ name: tool, arguments: args });
    if (result.isError)
      throw new Error(`${tool} failed: ${JSON.stringify(result)}`);
    return {
      tools: tools.map((t) => t.name).sort(),
      structuredContent: result.structuredContent,
    };
  } finally {
    await client.close();
  }
}
