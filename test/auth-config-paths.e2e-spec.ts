import { DEFAULT_DPOP_ALGORITHMS } from '@nest-mcp/auth';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Injectable,
  type INestApplication,
  type ModuleMetadata,
} from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import {
  McpAuthModule,
  mcpAuthOptionsFromEnv,
  type McpAuthOptions,
  type McpAuthOptionsFactory,
} from '@nest-mcp/auth';
import {
  generateSigningKey,
  startTestIssuer,
  type TestIssuer,
} from '@nest-mcp/auth/testing';
import request from 'supertest';
import { NotesFixtureController } from './support/fixture.controllers.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { listen } from './support/listen.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const METADATA_URL =
  'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp';
let idp: TestIssuer;

const options = (): McpAuthOptions => ({
  resource: RESOURCE,
  authorizationServers: [{ issuer: idp.issuer, jwksUri: idp.jwksUri }],
  scopesSupported: ['notes:read', 'notes:write'],
  resourceName: 'Notes',
});

@Injectable()
class AuthOptionsFactory implements McpAuthOptionsFactory {
  createMcpAuthOptions(): McpAuthOptions {
    return options();
  }
}

/** One module per configuration path (STYLE: one e2e per path). */
const configPaths: Array<[string, () => ModuleMetadata['imports']]> = [
  ['forRoot', () => [McpAuthModule.forRoot(options())]],
  [
    'forRootAsync + useFactory with ConfigService',
    () => [
      ConfigModule.forRoot({
        ignoreEnvFile: true,
        load: [() => ({ issuer: idp.issuer })],
      }),
      McpAuthModule.forRootAsync({
        imports: [ConfigModule],
        inject: [ConfigService],
        useFactory: (config: ConfigService) => ({
          ...options(),
          authorizationServers: [
            {
              issuer: config.getOrThrow<string>('issuer'),
              jwksUri: idp.jwksUri,
            },
          ],
        }),
      }),
    ],
  ],
  [
    'forRootAsync + useClass',
    () => [McpAuthModule.forRootAsync({ useClass: AuthOptionsFactory })],
  ],
  [
    'forRootAsync + mcpAuthOptionsFromEnv(ConfigService)',
    () => [
      ConfigModule.forRoot({
        ignoreEnvFile: true,
        isGlobal: true,
        load: [
          () => ({
            MCP_AUTH_RESOURCE_URL: RESOURCE,
            MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify([
              { issuer: idp.issuer, jwksUri: idp.jwksUri },
            ]),
            MCP_AUTH_SCOPES_SUPPORTED: 'notes:read,notes:write',
            MCP_AUTH_RESOURCE_NAME: 'Notes',
          }),
        ],
      }),
      McpAuthModule.forRootAsync({
        inject: [ConfigService],
        useFactory: (config: ConfigService) => mcpAuthOptionsFromEnv(config),
      }),
    ],
  ],
];

beforeAll(async () => {
  idp = await startTestIssuer({ audience: RESOURCE });
});
afterAll(() => idp.close());

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  describe.each(configPaths)('McpAuthModule via %s', (_name, imports) => {
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      ({ app, url } = await listen(
        {
          imports: imports(),
          controllers: [NotesFixtureController],
        },
        undefined,
        { adapter },
      ));
    });
    afterAll(() => app.close());

    it.each([
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
    ])(
      'serves the metadata at %s, open and CORS-enabled (RFC 9728 §3)',
      async (path) => {
        const res = await request(url).get(path).expect(200);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.headers['access-control-allow-origin']).toBe('*');
        expect(res.body).toEqual({
          resource: RESOURCE,
          authorization_servers: [idp.issuer],
          scopes_supported: ['notes:read', 'notes:write'],
          bearer_methods_supported: ['header'],
          resource_name: 'Notes',
          dpop_signing_alg_values_supported: [...DEFAULT_DPOP_ALGORITHMS],
        });
      },
    );

    it('401 without a token: challenge with resource_metadata and no error code (RFC 6750 §3.1)', async () => {
      const res = await request(url).get('/notes').expect(401);
      expect(res.headers['www-authenticate']).toBe(
        `Bearer scope="notes:read", resource_metadata="${METADATA_URL}"`,
      );
    });

    it('401 invalid_token for a token from an unknown key', async () => {
      const token = await idp.mint(
        { scope: 'notes:read' },
        await generateSigningKey(),
      );
      const res = await request(url)
        .get('/notes')
        .set('Authorization', `Bearer ${token}`)
        .expect(401);
      expect(res.headers['www-authenticate']).toBe(
        `Bearer error="invalid_token", error_description="The access token is invalid", resource_metadata="${METADATA_URL}"`,
      );
    });

    it('403 insufficient_scope naming the needed plus granted scopes (MCP 2025-11-25)', async () => {
      const token = await idp.mint({ scope: 'notes:read' });
      const res = await request(url)
        .post('/notes')
        .set('Authorization', `Bearer ${token}`)
        .expect(403);
      expect(res.headers['www-authenticate']).toBe(
        `Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="notes:write notes:read", resource_metadata="${METADATA_URL}"`,
      );
    });

    it('200 with the verified identity from @ResourceOwner()', async () => {
      const token = await idp.mint({
        subject: 'alice',
        scope: 'notes:read notes:write',
      });
      const res = await request(url)
        .get('/notes')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(res.body).toEqual({
        subject: 'alice',
        issuer: idp.issuer,
        clientId: 'test-client',
        scopes: ['notes:read', 'notes:write'],
      });
      await request(url)
        .post('/notes')
        .set('Authorization', `Bearer ${token}`)
        .expect(201)
        .expect({ subject: 'alice' });
    });
  });
});
