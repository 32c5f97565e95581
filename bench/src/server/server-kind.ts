/**
 * The servers under test, all serving the same `whoami` tool through `McpServerModule` but one:
 * - `floor`: a bare Nest `@Post()` route that parses the same JSON-RPC body and answers a fixed
 *   result (no SDK, no auth): what Nest and HTTP cost on their own;
 * - `baseline`: no authentication at all (`requireAuth: false`, no `McpAuthModule`);
 * - `ours`: `McpAuthModule` in front of the tool;
 * - `ours-large`: `ours` with 100 tools, 20 resources, 20 templates and 20 prompts (the others
 *   serve `whoami` and two more tools, as the sample does);
 * - `sdk-peer`: the baseline app behind the MCP SDK's `requireBearerAuth` with a jose verifier;
 * - `auth0-peer`: the baseline app behind `express-oauth2-jwt-bearer`;
 * - `mcp-nest-peer`: `@rekog/mcp-nest` with the jose JWT guard of its guides (no `McpServerModule`);
 * - `sdk-v2-peer`: the SDK v2 reference, `requireBearerAuth` + `createMcpHandler` (no Nest).
 */
export type ServerKind =
  | 'floor'
  | 'baseline'
  | 'ours'
  | 'ours-large'
  | 'sdk-peer'
  | 'auth0-peer'
  | 'mcp-nest-peer'
  | 'sdk-v2-peer';

/** What a server process needs to know, passed as JSON in its second argument. */
export interface ServerConfig {
  readonly port: number;
  /** Canonical URL of the endpoint: the audience every token carries. */
  readonly resource: string;
  readonly issuer: string;
  readonly jwksUri: string;
  /** `ours` only: the DPoP replay store on this Redis (`@nest-mcp/redis`) instead of in memory. */
  readonly redisUrl?: string;
  /** Nest's HTTP platform of a Nest bench app: `fastify` (`@nestjs/platform-fastify`), else Express. */
  readonly platform?: 'fastify';
}

/** Subject the tool reports when the request carries no verified identity. */
export const ANONYMOUS_SUBJECT = 'anonymous';

/** Name of the one tool every server serves. */
export const TOOL_NAME = 'whoami';

/** True for the kinds that must refuse a request without a token. */
export function requiresToken(kind: ServerKind): boolean {
  return kind !== 'baseline' && kind !== 'floor';
}
