import { Logger } from '@nestjs/common';
import { AuthorizationServerUnavailableError } from '../../errors/mcp-auth.errors.js';
import type { ResolvedAuthorizationServer } from '../../mcp-auth-options.interface.js';
import { endpointUrlProblem } from '../keys/endpoint-url.js';
import {
  BoundedFetchError,
  fetchJsonBounded,
} from '../keys/fetch-json-bounded.js';
import { discoverEndpoint } from '../keys/issuer-discovery.js';
import type { ResolvedIntrospection } from './introspection-options.js';
import { INTROSPECTION_LIMITS } from './introspection.constants.js';
import { ClientAssertion } from './client-assertion.js';
import { isIntrospectionAnswer } from './introspection-answer.js';
import type { JWTPayload } from 'jose';

/** How an `IntrospectionEndpoint` fetches: the JWKS fetch's time limit and URL rules. */
export interface IntrospectionEndpointSettings {
  readonly timeoutMs: number;
  readonly cooldownMs: number;
  readonly allowInsecureHttp: boolean;
}

/**
 * The RFC 7662 introspection endpoint of one issuer: configured, or discovered once from its
 * metadata (`introspection_endpoint`, RFC 8414 §2; single-flight, not retried for a cooldown after
 * a failure). Each call POSTs the token with the resource server's client authentication
 * (RFC 7662 §2.1), within the JWKS fetch's time limit and a size cap, at most
 * `maxInFlightPerIssuer` at once. Every failure (unreachable, slow, not 200, not an RFC 7662
 * answer) is an `AuthorizationServerUnavailableError` (503): the token may well be valid. The
 * token and the client secret are never logged.
 */
export class IntrospectionEndpoint {
  private static readonly logger = new Logger('McpAuth');
  private url: string | undefined;
  private discovery: Promise<string> | undefined;
  private blockedUntil = 0;
  private inFlight = 0;
  private lastLogAt = -Infinity;
  private suppressed = 0;
  private readonly settings: ResolvedIntrospection;
  private readonly assertion: ClientAssertion | undefined;

  constructor(
    readonly server: ResolvedAuthorizationServer,
    private readonly fetching: IntrospectionEndpointSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.settings = server.introspection!;
    this.url = this.settings.endpoint;
    const { privateKey, clientId } = this.settings;
    this.assertion = privateKey
      ? new ClientAssertion(clientId, privateKey, server.issuer)
      : undefined;
  }

  /** The endpoint, discovering it if needed (boot self-check, doctor). */
  async endpoint(): Promise<string> {
    if (this.url) return this.url;
    const waitMs = this.blockedUntil - this.now();
    if (waitMs > 0) throw this.unavailable(Math.ceil(waitMs / 1000));
    this.discovery ??= this.discover();
    return this.discovery;
  }

  /** POSTs `token` and returns the answer, a JSON object with a boolean `active`. */
  async introspect(token: string): Promise<JWTPayload> {
    if (this.inFlight >= INTROSPECTION_LIMITS.maxInFlightPerIssuer) {
      this.report(
        `more than ${INTROSPECTION_LIMITS.maxInFlightPerIssuer} introspection requests in flight`,
      );
      throw this.unavailable(1);
    }
    this.inFlight++;
    try {
      const url = await this.endpoint();
      let request: Awaited<ReturnType<typeof this.request>>;
      try {
        request = await this.request(token);
      } catch {
        // jose's message may quote the key's members: never logged.
        this.report(
          'could not sign the client assertion: check introspection.privateKey',
        );
        throw this.unavailable(INTROSPECTION_LIMITS.retryAfterSeconds);
      }
      const { form, headers } = request;
      let answer: unknown;
      try {
        ({ json: answer } = await fetchJsonBounded(url, {
          timeoutMs: this.fetching.timeoutMs,
          maxBytes: INTROSPECTION_LIMITS.maxAnswerBytes,
          form,
          headers,
        }));
      } catch (error) {
        if (!(error instanceof BoundedFetchError)) throw error;
        this.report(
          `introspection at ${url} failed: ${error.detail}${error.kind === 'status' && /^HTTP 40[13]/.test(error.detail) ? ' (check introspection.clientId and clientSecret)' : ''}`,
        );
        throw this.unavailable(INTROSPECTION_LIMITS.retryAfterSeconds);
      }
      if (!isIntrospectionAnswer(answer)) {
        this.report(
          `introspection at ${url} answered no RFC 7662 response (a JSON object with a boolean "active")`,
        );
        throw this.unavailable(INTROSPECTION_LIMITS.retryAfterSeconds);
      }
      return answer;
    } finally {
      this.inFlight--;
    }
  }

  /**
   * The form and headers of one request: RFC 7662 §2.1 with `client_secret_basic`,
   * `client_secret_post` or `private_key_jwt` (RFC 7523 §2.2).
   */
  private async request(token: string): Promise<{
    form: URLSearchParams;
    headers: Record<string, string>;
  }> {
    const { clientId, clientSecret, authMethod } = this.settings;
    const form = new URLSearchParams({
      token,
      token_type_hint: 'access_token',
    });
    if (this.assertion) {
      form.set('client_id', clientId);
      form.set('client_assertion_type', ClientAssertion.TYPE);
      form.set('client_assertion', await this.assertion.sign());
      return { form, headers: {} };
    }
    if (authMethod === 'client_secret_post') {
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret!);
      return { form, headers: {} };
    }
    // RFC 6749 §2.3.1: both form-urlencoded before the Basic encoding.
    const basic = Buffer.from(
      `${formEncode(clientId)}:${formEncode(clientSecret!)}`,
    ).toString('base64');
    return { form, headers: { authorization: `Basic ${basic}` } };
  }

  private async discover(): Promise<string> {
    const { issuer } = this.server;
    const result = await discoverEndpoint(
      issuer,
      'introspection_endpoint',
      this.fetching.timeoutMs,
    );
    const problem = result.ok
      ? endpointUrlProblem(
          'introspection_endpoint',
          result.url,
          this.fetching.allowInsecureHttp,
        )
      : result.problem;
    if (result.ok && problem === undefined) {
      this.url = result.url;
      IntrospectionEndpoint.logger.log(
        `Issuer ${issuer}: introspection at ${result.url}`,
      );
      return result.url;
    }
    this.discovery = undefined;
    this.blockedUntil = this.now() + this.fetching.cooldownMs;
    IntrospectionEndpoint.logger.warn(
      `Issuer ${issuer}: introspection endpoint discovery failed: ${problem}; set authorizationServers[].introspection.endpoint`,
    );
    throw this.unavailable(Math.ceil(this.fetching.cooldownMs / 1000));
  }

  private unavailable(
    retryAfterSeconds: number,
  ): AuthorizationServerUnavailableError {
    return new AuthorizationServerUnavailableError(
      this.server.issuer,
      retryAfterSeconds,
    );
  }

  /** A warning about this endpoint, at most one per `logIntervalMs` (with the count left out). */
  private report(problem: string): void {
    const now = this.now();
    if (now - this.lastLogAt < INTROSPECTION_LIMITS.logIntervalMs) {
      this.suppressed++;
      return;
    }
    const more =
      this.suppressed > 0 ? ` (${this.suppressed} more suppressed)` : '';
    this.lastLogAt = now;
    this.suppressed = 0;
    IntrospectionEndpoint.logger.warn(
      `Issuer ${this.server.issuer}: ${problem}; answering 503${more}`,
    );
  }
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}
