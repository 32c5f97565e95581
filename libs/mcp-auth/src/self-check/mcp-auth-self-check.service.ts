import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  ApplicationConfig,
  DiscoveryService,
  HttpAdapterHost,
  Reflector,
} from '@nestjs/core';
import { servingHttpServer } from '../http/http-server.js';
import { MCP_AUTH_RESOLVED_OPTIONS } from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import { McpTokenVerifier } from '../verifier/token-verifier.service.js';
import { issuerFindings, issuerSummary } from './issuer-findings.js';
import { introspectionFindings } from './introspection-findings.js';
import { metadataRouteFindings } from './metadata-route-check.js';
import { optionsFindings } from './options-findings.js';
import {
  SCOPE_SOURCE_METADATA,
  type McpAuthScopeUses,
  type ScopeUse,
} from './scope-source.decorator.js';
import { McpAuthStartupError } from './startup-check.error.js';
import { keepsRawBody } from './raw-body-check.js';
import { DpopPolicy } from '../dpop/dpop-policy.js';
import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import { formatFinding, type StartupFinding } from './startup-finding.js';

/**
 * The boot self-check: once the application is initialised, fetches each trusted issuer's
 * metadata and JWKS (through the verifier's own caches, so the keys are warm for the first
 * request), asks the application for its protected resource metadata, and checks the options
 * against the scopes the application needs. Each problem is logged as a warning with its fix.
 * Without `strictStartup` it runs in the background and never affects serving; with it, the
 * application waits for it and does not start when something is found.
 */
@Injectable()
export class McpAuthSelfCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('McpAuth');
  private result: Promise<readonly StartupFinding[]> | undefined;
  private rawBody: Promise<boolean | undefined> | undefined;
  private server: Promise<unknown> | undefined;

  constructor(
    @Inject(MCP_AUTH_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpAuthOptions,
    private readonly verifier: McpTokenVerifier,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: ApplicationConfig,
  ) {}

  /** The findings of the check run at boot (empty when all is well); runs it if it has not run. */
  findings(): Promise<readonly StartupFinding[]> {
    this.result ??= this.run();
    return this.result;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.assertRawBodyForDigests();
    const done = this.findings();
    if (!this.options.strictStartup) return;
    const findings = await done;
    if (findings.length > 0) throw new McpAuthStartupError(findings);
  }

  private async run(): Promise<readonly StartupFinding[]> {
    try {
      const [probes, route, rawBody, introspection] = await Promise.all([
        this.verifier.probeIssuers(),
        this.httpServer().then((server) =>
          metadataRouteFindings(
            server,
            this.options,
            this.config.getGlobalPrefix(),
          ),
        ),
        this.rawBodyFindings(),
        this.verifier.probeIntrospection(),
      ]);
      const findings = [
        ...optionsFindings(this.options, this.scopeUses()),
        ...(await Promise.all(probes.map(issuerFindings))).flat(),
        ...route,
        ...rawBody,
        ...introspectionFindings(introspection),
      ];
      for (const finding of findings) {
        this.logger.warn(`Startup check: ${formatFinding(finding)}`);
      }
      if (findings.length === 0) {
        this.logger.log(
          `Startup check passed: ${probes.map(issuerSummary).join('; ')}`,
        );
      }
      return Object.freeze(findings);
    } catch (error) {
      const finding: StartupFinding = {
        subject: 'startup check',
        problem: `could not run: ${error instanceof Error ? error.message : String(error)}`,
        fix: 'report this as a bug of @nest-mcp/auth',
      };
      this.logger.warn(`Startup check: ${formatFinding(finding)}`);
      return [finding];
    }
  }

  /**
   * `dpopRequireContentDigest` can only work when the exact body is kept: without it, boot fails
   * with the fix rather than every DPoP request being refused.
   */
  private async assertRawBodyForDigests(): Promise<void> {
    if (!this.options.dpopRequireContentDigest) return;
    if (new DpopPolicy(this.options).acceptsDpop === false) return;
    const kept = await this.rawBodyKept();
    if (kept === false) {
      throw new McpAuthConfigError(
        'dpopRequireContentDigest',
        `the application does not keep the raw request body at ${new URL(this.options.resource).pathname}, so no content_digest can be checked; create it with NestFactory.create(AppModule, { rawBody: true }) (Nest's body parsers then keep the exact bytes, within their size limit), or set dpopRequireContentDigest to false`,
      );
    }
  }

  private rawBodyKept(): Promise<boolean | undefined> {
    this.rawBody ??= this.httpServer()
      .then((server) =>
        keepsRawBody(
          server,
          new URL(this.options.resource).pathname,
          this.options.jwksTimeoutMs,
        ),
      )
      .catch(() => undefined);
    return this.rawBody;
  }

  /** The Node server the probes go through, ready to serve on either platform. */
  private httpServer(): Promise<unknown> {
    this.server ??= servingHttpServer(this.adapterHost);
    return this.server;
  }

  /** DPoP proofs may carry `content_digest`: without the raw body they would all be refused. */
  private async rawBodyFindings(): Promise<StartupFinding[]> {
    if (!new DpopPolicy(this.options).acceptsDpop) return [];
    if ((await this.rawBodyKept()) !== false) return [];
    return [
      {
        subject: 'dpop',
        problem:
          'the raw request body is not kept, so a DPoP proof that carries content_digest (MCP DPoP profile) is refused (401 invalid_dpop_proof)',
        fix: "create the application with NestFactory.create(AppModule, { rawBody: true }), or set dpop to 'off' if DPoP is not used",
      },
    ];
  }

  private scopeUses(): ScopeUse[] {
    return this.discovery
      .getProviders()
      .filter(
        ({ instance, metatype }) =>
          instance &&
          metatype &&
          this.reflector.get<boolean>(SCOPE_SOURCE_METADATA, metatype),
      )
      .flatMap(({ instance }) => [
        ...(instance as McpAuthScopeUses).scopeUses(),
      ]);
  }
}
