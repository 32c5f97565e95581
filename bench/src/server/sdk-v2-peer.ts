import {
  createMcpExpressApp,
  requireBearerAuth,
} from '@modelcontextprotocol/express';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  type AuthInfo,
  createMcpHandler,
  McpServer,
  OAuthError,
  OAuthErrorCode,
  type OAuthTokenVerifier,
} from '@modelcontextprotocol/server';
import type { Server } from 'node:http';
import { joseVerify } from './jose-peer-verify.js';
import type { PeerApp } from './mcp-nest-peer.js';
import { TOOL_NAME, type ServerConfig } from './server-kind.js';

/** A jose verifier for `requireBearerAuth`: signature, issuer, audience, RS256, `exp` and `sub`. */
function joseVerifier(config: ServerConfig): OAuthTokenVerifier {
  const verify = joseVerify(config);
  return {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      try {
        return await verify(token);
      } catch {
        throw new OAuthError(
          OAuthErrorCode.InvalidToken,
          'Invalid access token',
        );
      }
    },
  };
}

/**
 * The MCP SDK v2 reference server, as its packages' READMEs wire it: `createMcpExpressApp`,
 * `requireBearerAuth` with a jose verifier on `POST /mcp`, and `createMcpHandler` over a
 * per-request `McpServer` with the `whoami` tool (2026-07-28, and the 2025 era through its
 * stateless fallback), mounted with `toNodeHandler`.
 */
export async function startSdkV2Peer(config: ServerConfig): Promise<PeerApp> {
  const handler = createMcpHandler(() => {
    const server = new McpServer({ name: 'sdk-v2-bench', version: '0.0.0' });
    server.registerTool(
      TOOL_NAME,
      {
        description: 'Show the subject of the access token of this call.',
        annotations: { readOnlyHint: true },
      },
      (ctx) => {
        const subject = String(ctx.http?.authInfo?.extra?.subject);
        return {
          content: [{ type: 'text', text: JSON.stringify({ subject }) }],
          structuredContent: { subject },
        };
      },
    );
    return server;
  });
  const serve = toNodeHandler(handler);
  const app = createMcpExpressApp();
  const resourceMetadataUrl = new URL(
    '/.well-known/oauth-protected-resource/mcp',
    config.resource,
  ).href;
  app.post(
    '/mcp',
    requireBearerAuth({ verifier: joseVerifier(config), resourceMetadataUrl }),
    (req, res) => {
      void serve(req, res, req.body);
    },
  );
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(config.port, '127.0.0.1', () =>
      resolve(listening),
    );
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
