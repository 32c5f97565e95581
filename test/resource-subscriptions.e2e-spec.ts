import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
} from '@jest/globals';
import { Injectable, type INestApplication } from '@nestjs/common';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpAuthModule } from '@nest-mcp/auth';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import {
  McpServerModule,
  Resource,
  ResourceTemplate,
  ResourceUpdates,
  ResourceVariables,
} from '@nest-mcp/server';
import { listen } from './support/listen.js';
import { connectMcpClient, mcpHeaders } from './support/mcp-client.js';
import { waitUntil } from './support/wait-until.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';

@Injectable()
class WatchedResources {
  @Resource({ uri: 'config://app', name: 'config', mimeType: 'text/plain' })
  config() {
    return 'theme=dark';
  }

  @Resource({
    uri: 'secrets://vault',
    name: 'vault',
    mimeType: 'text/plain',
    scopes: ['vault:read'],
  })
  vault() {
    return 'nothing to see';
  }

  @ResourceTemplate({ uriTemplate: 'items://{id}', name: 'item' })
  item(@ResourceVariables('id') id: string) {
    return { id };
  }
}

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  /** `resourceSubscriptions`: 2025-era sessions subscribe; `ResourceUpdates.updated()` tells them. */
  describe('resource subscriptions (stateful sessions, SDK v1 client)', () => {
    let idp: TestIssuer;
    let app: INestApplication;
    let endpoint: string;
    let updates: ResourceUpdates;
    const open: Client[] = [];

    /** A client of its own session, recording the URIs it is told were updated. */
    const subscriber = async (scope?: string) => {
      const token = await idp.mint({ subject: 'alice', scope });
      const { client, transport } = await connectMcpClient(endpoint, token);
      open.push(client);
      const updated: string[] = [];
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
        updated.push(n.params.uri);
      });
      return { client, transport, token, updated };
    };

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      ({ app, url: endpoint } = await listen(
        {
          imports: [
            McpAuthModule.forRoot(idp.authOptions(RESOURCE)),
            McpServerModule.forRoot({
              name: 'watched',
              version: '1.0.0',
              stateful: true,
              resourceSubscriptions: true,
            }),
          ],
          providers: [WatchedResources],
        },
        undefined,
        { adapter },
      ));
      endpoint = `${endpoint}/mcp`;
      updates = app.get(ResourceUpdates);
    });
    afterEach(async () => {
      await Promise.allSettled(open.splice(0).map((client) => client.close()));
    });
    afterAll(async () => {
      await app.close();
      await idp.close();
    });

    it('advertises resources.subscribe and notifies only the sessions subscribed to the URI', async () => {
      const a = await subscriber();
      const b = await subscriber();
      expect(a.client.getServerCapabilities()?.resources).toMatchObject({
        subscribe: true,
      });
      expect(await a.client.subscribeResource({ uri: 'config://app' })).toEqual(
        {},
      );
      await b.client.subscribeResource({ uri: 'items://7' });

      await updates.updated('config://app');
      await updates.updated('items://7');
      await waitUntil(
        () => a.updated.length === 1 && b.updated.length === 1,
        'each session is told about its own URI',
      );
      expect(a.updated).toEqual(['config://app']);
      expect(b.updated).toEqual(['items://7']);
    });

    it('stops notifying after resources/unsubscribe', async () => {
      const a = await subscriber();
      await a.client.subscribeResource({ uri: 'config://app' });
      await a.client.unsubscribeResource({ uri: 'config://app' });
      await a.client.subscribeResource({ uri: 'items://1' });
      await updates.updated('config://app');
      await updates.updated('items://1');
      await waitUntil(() => a.updated.length > 0, 'the remaining update');
      // Notifications of one session arrive in the order they were sent: none for config://app.
      expect(a.updated).toEqual(['items://1']);
    });

    it('refuses a URI that is neither a resource nor matches a template', async () => {
      const a = await subscriber();
      await expect(
        a.client.subscribeResource({ uri: 'unknown://thing' }),
      ).rejects.toThrow(/not found/i);
    });

    it('needs the scopes reading needs: 403 insufficient_scope before the SDK sees the request', async () => {
      const a = await subscriber();
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: mcpHeaders(a.token, {
          'mcp-session-id': a.transport.sessionId!,
        }),
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 9,
          method: 'resources/subscribe',
          params: { uri: 'secrets://vault' },
        }),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toMatch(
        /error="insufficient_scope".*scope="vault:read"/,
      );
      const granted = await subscriber('vault:read');
      expect(
        await granted.client.subscribeResource({ uri: 'secrets://vault' }),
      ).toEqual({});
    });
  });
});
