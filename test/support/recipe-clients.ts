import { connectMcpClient } from './mcp-client.js';
import { connectV2Client } from './mcp-client-v2.js';

/** What both SDK clients offer the recipe suites. */
export interface RecipeClient {
  listTools(): Promise<{ tools: Array<{ name: string }> }>;
  callTool(request: {
    name: string;
    arguments: Record<string, unknown>;
  }): Promise<{ content?: unknown; isError?: boolean }>;
  close(): Promise<void>;
}

/** Connects a recipe client with the bearer `token`. */
export type ConnectRecipeClient = (
  endpoint: string,
  token: string,
) => Promise<RecipeClient>;

/** The SDK v2 client pinned to 2026-07-28 and the SDK v1 client (2025 era), by label. */
export const RECIPE_CLIENTS: Array<[string, ConnectRecipeClient]> = [
  [
    'SDK v2 client pinned to 2026-07-28',
    async (endpoint, token) =>
      (await connectV2Client(endpoint, token, {
        pin: '2026-07-28',
      })) as unknown as RecipeClient,
  ],
  [
    'SDK v1 client (2025 era)',
    async (endpoint, token) =>
      (await connectMcpClient(endpoint, token))
        .client as unknown as RecipeClient,
  ],
];
