import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import {
  McpAuthModule,
  McpAuthSelfCheck,
  McpAuthStartupError,
  type McpAuthOptions,
  type StartupFinding,
} from '@nest-mcp/auth';
import { generateSigningKey } from '@nest-mcp/auth/testing';
import { Test } from '@nestjs/testing';
import type { JWK } from 'jose';
import request from 'supertest';
import { AppModule } from '../apps/sample/src/app.module.js';
import {
  startControllableJwksServer,
  type ControllableJwksServer,
} from './support/controllable-jwks-server.js';
import {
  NotesFixtureController,
  ResourceRouteFixtureController,
} from './support/fixture.controllers.js';
import { createHttpApp, HTTP_ADAPTERS } from './support/http-adapters.js';
import { LeveledLogger } from './support/leveled-logger.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const TIMEOUT = 60_000;

interface Started {
  app: INestApplication;
  findings: readonly StartupFinding[];
  logger: LeveledLogger;
}

describe.each(HTTP_ADAPTERS)(
  'boot self-check against a controllable issuer on %s',
  (adapter) => {
    const servers: ControllableJwksServer[] = [];
    const apps: INestApplication[] = [];
    const saved = { ...process.env };
    let rs256: JWK;

    const issuerServer = async (keys?: JWK[]) => {
      rs256 ??= (await generateSigningKey('RS256', 'rs-1')).publicJwk;
      const server = await startControllableJwksServer(keys ?? [rs256]);
      servers.push(server);
      return server;
    };
    /** Starts an app with the auth module (and the fixture routes), then waits for the check. */
    const start = async (
      options: McpAuthOptions,
      prepare: (app: INestApplication) => void = () => undefined,
      imports: unknown[] = [McpAuthModule.forRoot(options)],
      rawBody = true,
    ): Promise<Started> => {
      const logger = new LeveledLogger();
      const moduleRef = await Test.createTestingModule({
        imports: imports as never[],
        // A route of the app's own at the resource path, unless the sample serves MCP there
        // (Fastify refuses a route declared twice).
        controllers: imports.includes(AppModule)
          ? [NotesFixtureController]
          : [NotesFixtureController, ResourceRouteFixtureController],
      }).compile();
      const app = createHttpApp(moduleRef, adapter, { logger, rawBody });
      prepare(app);
      apps.push(app);
      await app.listen(0, '127.0.0.1');
      const findings = await app.get(McpAuthSelfCheck).findings();
      return { app, findings, logger };
    };
    const warnings = (logger: LeveledLogger) =>
      logger.lines
        .filter((l) => l.level === 'warn' && l.message.startsWith('Startup'))
        .map((l) => l.message);

    afterEach(async () => {
      process.env = { ...saved };
      await Promise.all(apps.splice(0).map((app) => app.close()));
    });
    afterAll(async () => {
      await Promise.all(servers.map((server) => server.close()));
    });

    it(
      'good: discovers the metadata and the JWKS, finds nothing, warms the keys',
      async () => {
        const idp = await issuerServer();
        const { findings, logger } = await start({
          resource: RESOURCE,
          authorizationServers: [{ issuer: idp.origin }],
        });
        expect(findings).toEqual([]);
        expect(warnings(logger)).toEqual([]);
        expect(logger.text()).toContain(
          `Startup check passed: issuer ${idp.origin}: JWKS ${idp.jwksUri} (discovered), 1 keys, algorithms RS256`,
        );
        expect(idp.count()).toBe(1);
      },
      TIMEOUT,
    );

    it(
      'warns when DPoP is on but the raw body is not kept (content_digest could not be checked)',
      async () => {
        const idp = await issuerServer();
        const options = {
          resource: RESOURCE,
          authorizationServers: [{ issuer: idp.origin }],
        };
        const { findings } = await start(options, undefined, undefined, false);
        expect(findings).toEqual([
          expect.objectContaining({
            subject: 'dpop',
            fix: expect.stringContaining('rawBody: true'),
          }),
        ]);
        const off = await start(
          { ...options, dpop: 'off' },
          undefined,
          [McpAuthModule.forRoot({ ...options, dpop: 'off' })],
          false,
        );
        expect(off.findings).toEqual([]);
      },
      TIMEOUT,
    );
    it(
      'issuer down: a warning with the problem and the fix, and the app still serves',
      async () => {
        const idp = await issuerServer();
        await idp.down();
        const { app, findings, logger } = await start({
          resource: RESOURCE,
          authorizationServers: [{ issuer: idp.origin }],
        });
        expect(findings).toEqual([
          {
            subject: `issuer ${idp.origin}`,
            problem: expect.stringContaining(
              'metadata discovery failed: http://127.0.0.1',
            ),
            fix: expect.stringContaining('check the issuer URL'),
          },
        ]);
        expect(findings[0].problem).toContain('connection refused');
        expect(warnings(logger)).toEqual([
          expect.stringMatching(
            /^Startup check: issuer http:\/\/127\.0\.0\.1:\d+: metadata discovery failed: .*; fix: check the issuer URL/,
          ),
        ]);
        await request(app.getHttpServer())
          .get('/.well-known/oauth-protected-resource/mcp')
          .expect(200);
      },
      TIMEOUT,
    );

    it(
      'JWKS down: names the JWKS URL and the failure',
      async () => {
        const idp = await issuerServer();
        idp.setMode({ kind: 'status', status: 500 });
        const { findings } = await start({
          resource: RESOURCE,
          authorizationServers: [{ issuer: idp.origin, jwksUri: idp.jwksUri }],
        });
        expect(findings).toEqual([
          expect.objectContaining({
            problem: `JWKS ${idp.jwksUri} could not be fetched: HTTP 500`,
          }),
        ]);
      },
      TIMEOUT,
    );

    it(
      'issuer mismatch: the metadata issuer differs in a trailing slash',
      async () => {
        const idp = await issuerServer();
        const { findings } = await start({
          resource: RESOURCE,
          authorizationServers: [{ issuer: `${idp.origin}/` }],
        });
        expect(findings).toEqual([
          {
            subject: `issuer ${idp.origin}/`,
            problem: `its metadata names the issuer "${idp.origin}" ("${idp.origin}" differs from "${idp.origin}/" only in a trailing slash), which must equal the configured issuer exactly (RFC 8414 §3.3)`,
            fix: `configure the issuer exactly as the identity provider spells it, "${idp.origin}" (its tokens carry the same iss)`,
          },
        ]);
      },
      TIMEOUT,
    );

    it(
      'no matching key: the JWKS has no key for the configured algorithms, the fix names the ones it has',
      async () => {
        const es = (await generateSigningKey('ES256', 'ec-1')).publicJwk;
        const idp = await issuerServer([es]);
        const { findings } = await start({
          resource: RESOURCE,
          authorizationServers: [{ issuer: idp.origin }],
        });
        expect(findings).toEqual([
          {
            subject: `issuer ${idp.origin}`,
            problem: `no key in JWKS ${idp.jwksUri} can verify RS256 (published: "EC" "P-256" alg "ES256" kid "ec-1")`,
            fix: 'set authorizationServers[].algorithms to what the issuer signs with, e.g. ["ES256"]',
          },
        ]);
      },
      TIMEOUT,
    );

    it(
      'JWKS served without kid',
      async () => {
        const { kid: _kid, ...kidless } = (
          await generateSigningKey('RS256', 'x')
        ).publicJwk;
        const idp = await issuerServer([kidless]);
        const { findings } = await start({
          resource: RESOURCE,
          authorizationServers: [{ issuer: idp.origin }],
        });
        expect(findings).toEqual([
          expect.objectContaining({
            problem: `1 of 1 keys in JWKS ${idp.jwksUri} have no kid: tokens that carry a kid never match them (RFC 7517 §4.5)`,
          }),
        ]);
      },
      TIMEOUT,
    );

    it(
      'strictStartup: a problem stops the start with every finding in the error',
      async () => {
        const idp = await issuerServer();
        await idp.down();
        const failure = await start({
          resource: RESOURCE,
          authorizationServers: [{ issuer: idp.origin }],
          strictStartup: true,
        }).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(McpAuthStartupError);
        expect((failure as McpAuthStartupError).message).toMatch(
          /^McpAuthModule startup check failed \(strictStartup\): issuer http:\/\/127\.0\.0\.1:\d+: metadata discovery failed: .*; fix: /,
        );
      },
      TIMEOUT,
    );

    it(
      'strictStartup: a good set-up starts (MCP_AUTH_STRICT_STARTUP through the sample)',
      async () => {
        const idp = await issuerServer();
        process.env.MCP_AUTH_AUTHORIZATION_SERVERS = idp.origin;
        process.env.MCP_AUTH_RESOURCE_URL = RESOURCE;
        process.env.MCP_AUTH_STRICT_STARTUP = 'true';
        const { app, findings } = await start({} as McpAuthOptions, undefined, [
          AppModule,
        ]);
        expect(findings).toEqual([]);
        await request(app.getHttpServer()).post('/mcp').expect(401);
      },
      TIMEOUT,
    );

    it(
      'tool scopes missing from scopesSupported, offline_access required, http outside loopback',
      async () => {
        const idp = await issuerServer();
        process.env.MCP_AUTH_AUTHORIZATION_SERVERS = idp.origin;
        process.env.MCP_AUTH_RESOURCE_URL = 'http://mcp.example.test/mcp';
        process.env.MCP_AUTH_ALLOW_INSECURE_HTTP = 'true';
        process.env.MCP_AUTH_SCOPES_SUPPORTED = 'notes:read';
        process.env.MCP_AUTH_REQUIRED_SCOPES = 'offline_access';
        const { findings } = await start({} as McpAuthOptions, undefined, [
          AppModule,
        ]);
        expect(findings.map((f) => `${f.subject}: ${f.problem}`)).toEqual([
          'resource: http://mcp.example.test/mcp uses http on a non-loopback host: tokens travel in clear (OAuth 2.1 §1.5)',
          'requiredScopes: "offline_access" is not a resource scope: access tokens need not carry it',
          'tool "add_note": needs "notes:write", not in scopesSupported: clients that request the advertised scopes (RFC 9728 §2 scopes_supported) will not get it',
          'tool "update_note": needs "notes:write", not in scopesSupported: clients that request the advertised scopes (RFC 9728 §2 scopes_supported) will not get it',
        ]);
        expect(findings[2].fix).toBe(
          'add notes:write to scopesSupported (MCP_AUTH_SCOPES_SUPPORTED)',
        );
      },
      TIMEOUT,
    );

    it(
      'metadata not served under a global prefix: the fix gives the exclude, which works',
      async () => {
        const idp = await issuerServer();
        const options = {
          resource: RESOURCE,
          authorizationServers: [{ issuer: idp.origin }],
        };
        const prefixed = await start(options, (app) =>
          app.setGlobalPrefix('api'),
        );
        expect(prefixed.findings).toEqual([
          {
            subject: 'metadata /.well-known/oauth-protected-resource/mcp',
            problem:
              'not served by this application (HTTP 404); MCP clients look for it at http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp (RFC 9728 §3.1)',
            fix: "the global prefix \"api\" moves it to /api/.well-known/oauth-protected-resource/mcp: exclude it with app.setGlobalPrefix('api', { exclude: ['.well-known/{*path}'] })",
          },
        ]);
        const excluded = await start(options, (app) =>
          app.setGlobalPrefix('api', { exclude: ['.well-known/{*path}'] }),
        );
        expect(excluded.findings).toEqual([]);
        await request(excluded.app.getHttpServer())
          .get('/.well-known/oauth-protected-resource/mcp')
          .expect(200);
      },
      TIMEOUT,
    );
  },
);
