import { afterAll, describe, expect, it } from '@jest/globals';
import { discover } from '../testing/oauth-flow.js';
import {
  startDevAuthorizationServer,
  type DevAuthorizationServer,
  type DevFetch,
} from './index.js';

const RESOURCE = 'http://127.0.0.1:3999/mcp';
const REDIRECT_URI = 'http://127.0.0.1:45678/callback';
const CLIENT_ID = 'https://client.example/oauth/metadata.json';

/** An authorization request of `clientId` (PKCE S256); the answer is not followed. */
function authorize(server: DevAuthorizationServer, clientId: string) {
  const url = new URL(server.loginUrl);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }).toString();
  return fetch(url, { redirect: 'manual' });
}

describe('Client ID Metadata Documents (clientIdMetadataDocuments)', () => {
  const servers: DevAuthorizationServer[] = [];
  const start = async (
    clientIdMetadataDocuments?: Parameters<
      typeof startDevAuthorizationServer
    >[0]['clientIdMetadataDocuments'],
  ) => {
    const server = await startDevAuthorizationServer({
      resource: RESOURCE,
      clientIdMetadataDocuments,
    });
    servers.push(server);
    return server;
  };
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('are off by default: not advertised, and an https client_id is an unknown client', async () => {
    const server = await start();
    const metadata = await discover(server.issuer);
    expect(metadata).not.toHaveProperty(
      'client_id_metadata_document_supported',
    );
    const answer = await authorize(server, CLIENT_ID);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('invalid_client');
  });

  it('true advertises client_id_metadata_document_supported (registration stays)', async () => {
    const server = await start(true);
    const metadata = await discover(server.issuer);
    expect(metadata.client_id_metadata_document_supported).toBe(true);
    expect(metadata.registration_endpoint).toBe(`${server.issuer}/reg`);
  });

  it('fetches the document with the given fetch and takes the client from it', async () => {
    const fetched: string[] = [];
    const documentFetch: DevFetch = (input) => {
      fetched.push(String(input));
      return Promise.resolve(
        Response.json({
          client_id: CLIENT_ID,
          client_name: 'Metadata document client',
          redirect_uris: [REDIRECT_URI],
          token_endpoint_auth_method: 'none',
        }),
      );
    };
    const server = await start({ fetch: documentFetch });
    const answer = await authorize(server, CLIENT_ID);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toMatch(/\/interaction\//u);
    expect(fetched).toEqual([CLIENT_ID]);
  });

  it('refuses a document whose client_id is another URL', async () => {
    const server = await start({
      fetch: () =>
        Promise.resolve(
          Response.json({
            client_id: 'https://attacker.example/metadata.json',
            redirect_uris: [REDIRECT_URI],
            token_endpoint_auth_method: 'none',
          }),
        ),
    });
    const answer = await authorize(server, CLIENT_ID);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('client_id does not match');
  });

  it('refuses invalid settings before listening', async () => {
    for (const [value, problem] of [
      ['yes', /must be a boolean or \{ fetch \}/u],
      [{ fetch: 'https://x' }, /fetch must be a function/u],
      [{ allowFetch: () => true }, /unknown keys allowFetch/u],
    ] as const) {
      await expect(
        startDevAuthorizationServer({
          resource: RESOURCE,
          clientIdMetadataDocuments: value as never,
        }),
      ).rejects.toMatchObject({
        name: 'DevAuthServerConfigError',
        option: 'clientIdMetadataDocuments',
        message: expect.stringMatching(problem),
      });
    }
  });
});
