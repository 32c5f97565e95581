import { NestFactory } from '@nestjs/core';
import { HttpAdapterHost } from '@nestjs/core';
import { mcpAuthOptionsFromEnv } from '../config/options-from-env.js';
import { resolveMcpAuthOptions } from '../config/resolve-options.js';
import { readTokenFacts } from '../diagnostics/token-facts.js';
import { McpAuthConfigError, McpAuthError } from '../errors/mcp-auth.errors.js';
import { McpAuthErrorResponses } from '../guard/auth-error-response.js';
import { McpAuthGuard } from '../guard/mcp-auth.guard.js';
import { McpAuthModule } from '../mcp-auth.module.js';
import type {
  McpAuthOptions,
  ResolvedMcpAuthOptions,
} from '../mcp-auth-options.interface.js';
import { McpAuthSelfCheck } from '../self-check/mcp-auth-self-check.service.js';
import { issuerSummary } from '../self-check/issuer-findings.js';
import { formatFinding } from '../self-check/startup-finding.js';
import type { ResourceOwner } from '../verifier/resource-owner.interface.js';
import { McpTokenVerifier } from '../verifier/token-verifier.service.js';
import { buildProtectedResourceMetadata } from '../well-known/protected-resource-metadata.js';
import { CapturedLog } from './captured-log.js';
import { DOCTOR_USAGE, parseDoctorArguments } from './doctor-arguments.js';
import { doctorEnvironment } from './doctor-env.js';
import { describeCheck, type CheckContext } from './doctor-findings.js';
import {
  acceptedVerdict,
  failedCheck,
  failureLines,
  failureReason,
  serverLog,
} from './doctor-verdict.js';
import { guardVerdict } from './guard-verdict.js';
import { readToken } from './read-token.js';
import { checkStages, checkStatuses } from './token-checklist.js';
import { credentialPathLine, introspectedFacts } from './credential-path.js';

/** Where the doctor reads and writes; `process` in the `nest-mcp-auth-doctor` command. */
export interface DoctorIo {
  readonly argv: readonly string[];
  readonly stdin: AsyncIterable<string | Buffer> & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /**
   * Options to assume where no `MCP_AUTH_*` variable is set, from the environment the server
   * would see (`.env` included), e.g. an application's own defaults; none by default.
   */
  readonly defaults?: (
    env: Readonly<Record<string, string | undefined>>,
  ) => Partial<McpAuthOptions>;
}

const LABEL = { pass: 'PASS', fail: 'FAIL', skip: '----' } as const;

/**
 * `nest-mcp-auth-doctor`: checks one token (from stdin) with the `MCP_AUTH_*` configuration, by
 * running this library's own verifier and guard in a Nest application context, and prints each
 * check with its fix, what a client would get, and what the server log would say. Never prints
 * the token or its signature. Resolves the exit code: 0 accepted, 1 refused, 2 usage or config.
 */
export async function runDoctor(io: DoctorIo): Promise<number> {
  const args = parseDoctorArguments(io.argv);
  if (args.kind === 'help') {
    io.out(`${DOCTOR_USAGE}\n`);
    return 0;
  }
  if (args.kind === 'error') {
    io.err(`nest-mcp-auth-doctor: ${args.message}\n`);
    return 2;
  }
  let options: McpAuthOptions;
  let resolved: ResolvedMcpAuthOptions;
  try {
    const env = doctorEnvironment(io.env, io.cwd);
    options = {
      ...mcpAuthOptionsFromEnv(env, io.defaults?.(env)),
      strictStartup: false,
    };
    resolved = resolveMcpAuthOptions(options);
  } catch (error) {
    if (!(error instanceof McpAuthConfigError)) throw error;
    io.err(`nest-mcp-auth-doctor: ${error.message}\n`);
    return 2;
  }
  if (io.stdin.isTTY) {
    io.err('Paste the access token, then press Enter and Ctrl-D:\n');
  }
  const input = await readToken(io.stdin);
  if (!input.ok) {
    io.err(`nest-mcp-auth-doctor: ${input.message}\n`);
    return 2;
  }
  const log = new CapturedLog();
  const app = await NestFactory.createApplicationContext(
    McpAuthModule.forRoot({ ...options, globalGuard: false }),
    { logger: log, abortOnError: false },
  );
  try {
    return await examine(app, resolved, input.token, args.scopes, log, io);
  } finally {
    await app.close();
  }
}

async function examine(
  app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>,
  options: ResolvedMcpAuthOptions,
  token: string,
  routeScopes: readonly string[],
  log: CapturedLog,
  io: DoctorIo,
): Promise<number> {
  const verifier = app.get(McpTokenVerifier);
  const findings = await app.get(McpAuthSelfCheck).findings();
  const probes = await verifier.probeIssuers();
  const logMark = log.lines.length;
  const now = Date.now() / 1000;
  let owner: ResourceOwner | undefined;
  let refusal: McpAuthError | undefined;
  try {
    owner = await verifier.verify(token);
  } catch (error) {
    if (!(error instanceof McpAuthError)) throw error;
    refusal = error;
  }
  const facts =
    introspectedFacts(token, owner, refusal, options) ?? readTokenFacts(token);
  const verdict = await guardVerdict(
    app.get(McpAuthGuard),
    app.get(HttpAdapterHost),
    token,
    routeScopes,
  );
  const failed = failedCheck(refusal, verdict);
  const context: CheckContext = {
    facts,
    options,
    probes,
    owner,
    routeScopes,
    now,
  };
  const lines: string[] = [
    'nest-mcp-auth doctor: would this server accept the token?',
    '',
    'Configuration (MCP_AUTH_* environment)',
    `  resource          ${options.resource}`,
    ...options.authorizationServers.map(
      (s) =>
        `  trusted issuer    ${s.issuer} (algorithms ${s.algorithms.join(', ')}; audiences ${s.audiences.join(', ')})`,
    ),
    `  required scopes   ${options.requiredScopes.join(' ') || '(none)'}${routeScopes.length > 0 ? `; route scopes (--scope) ${routeScopes.join(' ')}` : ''}`,
    `  clock tolerance   ${options.clockToleranceSeconds} s`,
    credentialPathLine(facts, options),
    '',
    'Startup check',
    ...(findings.length === 0
      ? probes.map((probe) => `  ok    ${issuerSummary(probe)}`)
      : findings.map((finding) => `  warn  ${formatFinding(finding)}`)),
    '',
    'Token checks (RFC 9068 §4, RFC 8725 §3, RFC 7519 §4.1)',
  ];
  const statuses = checkStatuses(failed, options.requireJwtAccessTokenType);
  for (const check of checkStages(options.requireJwtAccessTokenType).flat()) {
    const status = statuses.get(check)!;
    lines.push(
      `  ${LABEL[status]}  ${check.padEnd(10)} ${describeCheck(check, context)}`,
    );
    if (status === 'fail') {
      lines.push(...failureLines(refusal, verdict, context, options, now));
    }
  }
  const responses = app.get(McpAuthErrorResponses);
  const noToken = responses.missingCredentials(routeScopes);
  lines.push(
    '',
    'What clients see',
    `  metadata at ${options.metadataUrl} (RFC 9728 §3):`,
    `    ${JSON.stringify(buildProtectedResourceMetadata(options))}`,
    `  without a token: HTTP ${noToken.status}, WWW-Authenticate: ${noToken.headers['WWW-Authenticate']}`,
    `  with this token: HTTP ${verdict.status}${Object.entries(verdict.headers)
      .map(([name, value]) => `, ${name}: ${value}`)
      .join('')}`,
    '',
    'Server log (what the application would log for this request)',
    ...serverLog(log, logMark),
    '',
    verdict.accepted
      ? acceptedVerdict(owner)
      : `Verdict: REFUSED (${failureReason(refusal, verdict)}): HTTP ${verdict.status}`,
  );
  io.out(`${lines.join('\n')}\n`);
  return verdict.accepted ? 0 : 1;
}
