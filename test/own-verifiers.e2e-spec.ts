import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, type INestApplication } from '@nestjs/common';
import {
  CredentialRefusedError,
  McpAuthModule,
  McpCredentialVerifier,
  type McpCredentialVerifierPort,
  type VerifiedCredential,
} from '@nest-mcp/auth';
import { authorizationCodeFlow } from '@nest-mcp/dev-auth-server/testing';
import type { RunningSample } from '../apps/sample/src/bootstrap.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { postInitialize } from './support/mcp-client.js';
import { CapturingLogger } from './support/capturing-logger.js';
import { ERA_CLIENTS } from './support/era-clients.js';
import { NotesFixtureController } from './support/fixture.controllers.js';
import { listen } from './support/listen.js';
import { sampleWith } from './support/sample-with.js';

const WRITER_KEY = 'ci-writer-key-0123456789abcdefghij';
const READER_KEY = 'ci-reader-key-0123456789abcdefghij';
const CHALLENGE =
  /^Bearer error="invalid_token", error_description="[^"]+", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"$/;

describe.each(HTTP_ADAPTERS)(
  'API keys through a verifier of your own (the sample, SAMPLE_API_KEYS) on %s',
  (adapter) => {
    const saved = { ...process.env };
    let sample: RunningSample;
    let endpoint: string;

    beforeAll(async () => {
      ({ sample, endpoint } = await sampleWith({
        MCP_HTTP_ADAPTER: adapter,
        SAMPLE_API_KEYS: JSON.stringify([
          {
            key: WRITER_KEY,
            subject: 'ci-writer',
            scopes: ['notes:read', 'notes:write'],
          },
          { key: READER_KEY, subject: 'ci-reader', scopes: ['notes:read'] },
        ]),
      }));
    });
    afterAll(async () => {
      await sample.close();
      process.env = saved;
    });

    describe.each(ERA_CLIENTS)('%s', (_name, connect) => {
      it('an API key is a resource owner: whoami, scoped tools, own notes only', async () => {
        const writer = await connect(endpoint, WRITER_KEY, fetch);
        expect(
          (await writer.callTool({ name: 'whoami', arguments: {} }))
            .structuredContent,
        ).toMatchObject({
          subject: 'ci-writer',
          issuer: 'sample-api-keys',
          clientId: 'api-key',
          scopes: ['notes:read', 'notes:write'],
        });
        await writer.callTool({
          name: 'add_note',
          arguments: { text: 'from CI' },
        });
        const reader = await connect(endpoint, READER_KEY, fetch);
        const listed = (
          await reader.callTool({ name: 'list_notes', arguments: {} })
        ).structuredContent as { notes: unknown[] } | unknown[];
        // The reader sees none of the writer's notes.
        expect(JSON.stringify(listed)).not.toContain('from CI');
        await expect(
          reader.callTool({ name: 'add_note', arguments: { text: 'nope' } }),
        ).rejects.toThrow();
        await writer.close();
        await reader.close();
      });
    });

    it('a wrong key is 401 invalid_token with the challenge', async () => {
      const response = await postInitialize(
        endpoint,
        'not-a-key-0123456789abcdefghijkl',
      );
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(CHALLENGE);
    });

    it('a key of the reader calling a write tool gets 403 insufficient_scope', async () => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${READER_KEY}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2025-11-25',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'add_note', arguments: { text: 'x' } },
        }),
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toContain(
        'error="insufficient_scope"',
      );
    });

    it('JWTs of the development server are still accepted next to the keys', async () => {
      const { tokens } = await authorizationCodeFlow({
        issuer: sample.devAuthorizationServer!.issuer,
        resource: endpoint,
        username: 'jwt-user',
      });
      expect((await postInitialize(endpoint, tokens.access_token)).status).toBe(
        200,
      );
    });
  },
);

@Injectable()
@McpCredentialVerifier('internal-tokens')
class InternalTokens implements McpCredentialVerifierPort {
  verify(credential: string): VerifiedCredential | null {
    if (!credential.startsWith('itk_')) return null;
    if (credential === 'itk_revoked_secret')
      throw new CredentialRefusedError('revoked');
    if (credential === 'itk_good_secret')
      return { subject: 'svc-a', scopes: ['notes:read'], clientId: 'svc' };
    throw new CredentialRefusedError('unknown');
  }
}

describe.each(HTTP_ADAPTERS)(
  'a verifier of your own as a Nest provider (internal tokens) on %s',
  (adapter) => {
    const logs = new CapturingLogger();
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      ({ app, url } = await listen(
        {
          imports: [
            McpAuthModule.forRoot({
              resource: 'https://mcp.example.test/mcp',
              authorizationServers: [{ issuer: 'https://idp.example.test' }],
            }),
          ],
          controllers: [NotesFixtureController],
          providers: [InternalTokens],
        },
        logs,
        { adapter },
      ));
    });
    afterAll(() => app.close());

    const get = (token: string) =>
      fetch(`${url}/notes`, { headers: { authorization: `Bearer ${token}` } });

    it('accepts what it accepts, with the same owner shape as a JWT', async () => {
      const response = await get('itk_good_secret');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        subject: 'svc-a',
        issuer: 'internal-tokens',
        clientId: 'svc',
        scopes: ['notes:read'],
      });
    });

    it('a refusal is 401 and logged with the verifier and the reason, never the credential', async () => {
      const response = await get('itk_revoked_secret');
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(
        /^Bearer error="invalid_token"/,
      );
      const line = logs.lines.find((l) =>
        l.includes('reason=refused_by_verifier'),
      );
      expect(line).toContain('verifier="internal-tokens"');
      expect(line).toContain('detail="revoked"');
      expect(logs.lines.join('\n')).not.toContain('itk_revoked_secret');
    });

    it('a credential no path claims is 401 reason=unrecognised', async () => {
      expect((await get('something-else')).status).toBe(401);
      expect(logs.lines.some((l) => l.includes('reason=unrecognised'))).toBe(
        true,
      );
      expect(logs.lines.join('\n')).not.toContain('something-else');
    });
  },
);
