import { describe, expect, it } from '@jest/globals';
import { McpAuthModule } from '@nest-mcp/auth';
import { startTestIssuer } from '@nest-mcp/auth/testing';
import { McpServerModule } from '@nest-mcp/server';
import { EnhancedTools } from './support/enhanced-tools.fixture.js';
import { listen } from './support/listen.js';
import { connectMcpClient } from './support/mcp-client.js';
import { connectV2Client } from './support/mcp-client-v2.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  describe('shutdown with open MCP streams', () => {
    it('app.close() ends an open subscriptions/listen stream instead of waiting for it', async () => {
      const idp = await startTestIssuer({ audience: RESOURCE });
      const { app, url } = await listen(
        {
          imports: [
            McpAuthModule.forRoot(idp.authOptions(RESOURCE)),
            McpServerModule.forRoot({ name: 'shutdown', version: '1.0.0' }),
          ],
          providers: [EnhancedTools],
        },
        undefined,
        { adapter },
      );
      const client = await connectV2Client(
        `${url}/mcp`,
        await idp.mint({ subject: 'alice' }),
        { pin: '2026-07-28' },
      );
      try {
        // What MCP Inspector 2.x keeps open for as long as it is connected in the modern era.
        const subscription = await client.listen({ toolsListChanged: true });
        // Before the streams were ended ahead of the HTTP server's close, this never resolved.
        await app.close();
        await expect(subscription.closed).resolves.not.toBe('local');
      } finally {
        await client.close();
        await idp.close();
      }
    });

    it('app.close() ends an open 2025 session stream (GET, stateful mode)', async () => {
      const idp = await startTestIssuer({ audience: RESOURCE });
      const { app, url } = await listen(
        {
          imports: [
            McpAuthModule.forRoot(idp.authOptions(RESOURCE)),
            McpServerModule.forRoot({
              name: 'shutdown',
              version: '1.0.0',
              stateful: true,
            }),
          ],
          providers: [EnhancedTools],
        },
        undefined,
        { adapter },
      );
      const token = await idp.mint({ subject: 'alice' });
      const { client, transport } = await connectMcpClient(`${url}/mcp`, token);
      try {
        // The client opened the session's one GET stream itself: a second one is refused.
        const second = await fetch(`${url}/mcp`, {
          headers: {
            accept: 'text/event-stream',
            authorization: `Bearer ${token}`,
            'mcp-session-id': transport.sessionId as string,
            'mcp-protocol-version': transport.protocolVersion ?? '2025-11-25',
          },
        });
        expect(second.status).toBe(409);
        // Before the sessions were closed ahead of the HTTP server's close, this never resolved.
        await app.close();
      } finally {
        await client.close().catch(() => undefined);
        await idp.close();
      }
    });
  });
});
