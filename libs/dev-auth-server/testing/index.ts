/** Test helpers for OAuth flows against `@nest-mcp/dev-auth-server` (browser + client played with `fetch`). */
export * from './oauth-flow.js';
