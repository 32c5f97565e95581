import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/client';
import {
  startDevAuthorizationServer,
  type DevAuthorizationServer,
} from '@nest-mcp/dev-auth-server';
import type { RunningSample } from '../apps/sample/src/bootstrap.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { freePort } from './support/free-port.js';
import { httpsFetchTrusting } from './support/https-fetch.js';
import { sampleWith } from './support/sample-with.js';
import { TestOAuthClientProvider } from './support/test-oauth-client-provider.js';
import { createTestTls } from './support/test-tls.js';
import { signInV2 } from './support/v2-oauth-sign-in.js';

const DOCUMENT_PATH = '/oauth/client-metadata.json';

/** A client that publishes its metadata at `clientMetadataUrl` instead of registering. */
class MetadataDocumentClientProvider extends TestOAuthClientProvider {
  constructor(readonly clientMetadataUrl: string) {
    super();
  }
}

const whoami = async (client: Client) =>
  (await client.callTool({ name: 'whoami', arguments: {} }))
    .structuredContent as { subject: string; clientId: string };

describe.each(HTTP_ADAPTERS)(
  'Client ID Metadata Documents: the SDK v2 client signs in with an https client_id on %s',
  (adapter) => {
    const saved = { ...process.env };
    const documentRequests: string[] = [];
    let documentServer: Server;
    let clientIdUrl: string;
    let dev: DevAuthorizationServer;
    let sample: RunningSample;
    let endpoint: string;

    beforeAll(async () => {
      const tls = await createTestTls();
      const redirectUri = new TestOAuthClientProvider().redirectUrl;
      documentServer = createServer(
        { key: tls.keyPem, cert: tls.certPem },
        (req, res) => {
          documentRequests.push(req.url ?? '');
          if (req.url !== DOCUMENT_PATH) {
            res.writeHead(404).end();
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              client_id: clientIdUrl,
              client_name: 'nest-mcp-auth CIMD e2e client',
              redirect_uris: [redirectUri],
              grant_types: ['authorization_code'],
              response_types: ['code'],
              token_endpoint_auth_method: 'none',
            }),
          );
        },
      );
      await new Promise<void>((resolve) =>
        documentServer.listen(0, '127.0.0.1', resolve),
      );
      const { port } = documentServer.address() as AddressInfo;
      clientIdUrl = `https://localhost:${port}${DOCUMENT_PATH}`;

      const samplePort = await freePort();
      dev = await startDevAuthorizationServer({
        resource: `http://127.0.0.1:${samplePort}/mcp`,
        clientIdMetadataDocuments: { fetch: httpsFetchTrusting(tls.caPem) },
      });
      ({ sample, endpoint } = await sampleWith(
        {
          MCP_HTTP_ADAPTER: adapter,
          MCP_AUTH_AUTHORIZATION_SERVERS: dev.issuer,
        },
        samplePort,
      ));
    }, 60_000);
    afterAll(async () => {
      await sample.close();
      await dev.close();
      documentServer.closeAllConnections();
      await new Promise((resolve) => documentServer.close(resolve));
      process.env = saved;
    });

    it('advertises client_id_metadata_document_supported', async () => {
      const metadata = (await (
        await fetch(`${dev.issuer}/.well-known/oauth-authorization-server`)
      ).json()) as Record<string, unknown>;
      expect(metadata.client_id_metadata_document_supported).toBe(true);
      expect(metadata.registration_endpoint).toBe(`${dev.issuer}/reg`);
    });

    it('uses the document URL as client_id without registering; the access token names it', async () => {
      const provider = new MetadataDocumentClientProvider(clientIdUrl);
      const client = await signInV2(endpoint, provider, 'cimd-alice');
      expect(provider.lastAuthorizationUrl.searchParams.get('client_id')).toBe(
        clientIdUrl,
      );
      expect(provider.clientInformation()).toMatchObject({
        client_id: clientIdUrl,
      });
      expect(documentRequests).toContain(DOCUMENT_PATH);
      expect(await whoami(client)).toMatchObject({
        subject: 'cimd-alice',
        clientId: clientIdUrl,
      });
      const added = await client.callTool({
        name: 'add_note',
        arguments: { text: 'from a metadata document client' },
      });
      expect(added.isError).toBeFalsy();
      await client.close();
    }, 60_000);

    it('holds the client to its document: a redirect_uri the document does not list is refused', async () => {
      const url = new URL(dev.loginUrl);
      url.search = new URLSearchParams({
        client_id: clientIdUrl,
        response_type: 'code',
        redirect_uri: 'http://127.0.0.1:9/elsewhere',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }).toString();
      const answer = await fetch(url, { redirect: 'manual' });
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain('redirect_uri');
    });

    it('refuses a client_id URL whose document cannot be fetched', async () => {
      const missing = clientIdUrl.replace(DOCUMENT_PATH, '/oauth/missing.json');
      const url = new URL(dev.loginUrl);
      url.search = new URLSearchParams({
        client_id: missing,
        response_type: 'code',
        redirect_uri: new TestOAuthClientProvider().redirectUrl,
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }).toString();
      const answer = await fetch(url, { redirect: 'manual' });
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain('invalid_client');
      expect(documentRequests).toContain('/oauth/missing.json');
    });

    it('still registers clients without a document URL dynamically (RFC 7591)', async () => {
      const provider = new TestOAuthClientProvider();
      const client = await signInV2(endpoint, provider, 'cimd-bob');
      const clientId =
        provider.lastAuthorizationUrl.searchParams.get('client_id');
      expect(clientId).toBeTruthy();
      expect(clientId).not.toMatch(/^https:/);
      expect(await whoami(client)).toMatchObject({
        subject: 'cimd-bob',
        clientId,
      });
      await client.close();
    }, 60_000);
  },
);

describe.each(HTTP_ADAPTERS)(
  'the sample: MCP_DEV_AUTH_CLIENT_ID_METADATA_DOCUMENTS on %s',
  (adapter) => {
    const saved = { ...process.env };
    afterAll(() => {
      process.env = saved;
    });

    it('true turns them on in the embedded development server; other values refuse to start', async () => {
      const { sample } = await sampleWith({
        MCP_HTTP_ADAPTER: adapter,
        MCP_DEV_AUTH_CLIENT_ID_METADATA_DOCUMENTS: 'true',
      });
      try {
        const dev = sample.devAuthorizationServer as DevAuthorizationServer;
        const metadata = (await (
          await fetch(`${dev.issuer}/.well-known/oauth-authorization-server`)
        ).json()) as Record<string, unknown>;
        expect(metadata.client_id_metadata_document_supported).toBe(true);
      } finally {
        await sample.close();
      }
      await expect(
        sampleWith({
          MCP_HTTP_ADAPTER: adapter,
          MCP_DEV_AUTH_CLIENT_ID_METADATA_DOCUMENTS: 'yes',
        }),
      ).rejects.toThrow(
        'MCP_DEV_AUTH_CLIENT_ID_METADATA_DOCUMENTS "yes" must be true or false',
      );
    }, 60_000);
  },
);
