import { expect } from '@jest/globals';
import { connectMcpClient } from './mcp-client.js';
import { connectV2Client } from './mcp-client-v2.js';
import { recordingFetch, type SeenAnswer } from './recording-fetch.js';

type Named = { name: string };

/** A completion reference: a prompt by name, or a resource template by its URI template. */
export type CompletionRef =
  { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };

/** What the resource and prompt suites need of a client; the SDK v1 and v2 clients share these. */
export interface EraClient {
  callTool(request: {
    name: string;
    arguments: Record<string, unknown>;
  }): Promise<{ structuredContent?: unknown }>;
  listResources(): Promise<{ resources: Array<Named & { uri: string }> }>;
  listResourceTemplates(): Promise<{
    resourceTemplates: Array<Named & { uriTemplate: string }>;
  }>;
  readResource(request: { uri: string }): Promise<{
    contents: Array<{ uri: string; text?: string; mimeType?: string }>;
  }>;
  listPrompts(): Promise<{
    prompts: Array<
      Named & { arguments?: Array<Named & { required?: boolean }> }
    >;
  }>;
  getPrompt(request: {
    name: string;
    arguments?: Record<string, string>;
  }): Promise<{
    description?: string;
    messages: Array<{ role: string; content: { type: string; text?: string } }>;
  }>;
  complete(request: {
    ref: CompletionRef;
    argument: { name: string; value: string };
    context?: { arguments?: Record<string, string> };
  }): Promise<{ completion: { values: string[] } }>;
  getServerCapabilities(): Record<string, unknown> | undefined;
  close(): Promise<void>;
}

/** Connects a client with `token` through `fetch` (to see the HTTP answers). */
export type ConnectEra = (
  endpoint: string,
  token: string,
  fetch: typeof globalThis.fetch,
) => Promise<EraClient>;

/** The SDK v2 client pinned to 2026-07-28 and the SDK v1 client, each checking what it negotiated. */
export const ERA_CLIENTS: Array<[string, ConnectEra]> = [
  [
    'SDK v2 client pinned to 2026-07-28',
    async (endpoint, token, fetch) => {
      const client = await connectV2Client(
        endpoint,
        token,
        { pin: '2026-07-28' },
        fetch,
      );
      expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      return client as unknown as EraClient;
    },
  ],
  [
    'SDK v1 client (2025 era)',
    async (endpoint, token, fetch) => {
      const { client, transport } = await connectMcpClient(
        endpoint,
        token,
        fetch,
      );
      expect(transport.protocolVersion).toBe('2025-11-25');
      return client as unknown as EraClient;
    },
  ],
];

/** Connects with `connect` through a recording `fetch`: the client and every HTTP answer it gets. */
export async function connectSeeing(
  connect: ConnectEra,
  endpoint: string,
  token: string,
): Promise<{ client: EraClient; seen: SeenAnswer[] }> {
  const recording = recordingFetch();
  const client = await connect(endpoint, token, recording.fetch);
  return { client, seen: recording.seen };
}
