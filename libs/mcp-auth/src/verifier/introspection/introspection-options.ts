import type { JWK } from 'jose';
import { McpAuthConfigError } from '../../errors/mcp-auth.errors.js';
import { ASYMMETRIC_ALGORITHMS } from '../../mcp-auth.constants.js';
import { rejectUnknownKeys } from '../../config/option-checks.js';
import { parseConfiguredUrl } from '../../config/url-rules.js';

/** How the resource server authenticates to the introspection endpoint (RFC 7662 §2.1). */
export type IntrospectionAuthMethod =
  'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/**
 * Opaque access tokens of one issuer, verified by RFC 7662 token introspection
 * (`authorizationServers[].introspection`).
 */
export interface IntrospectionOptions {
  /** The resource server's client id at the authorization server. */
  clientId: string;
  /** Its client secret (`client_secret_basic`, `client_secret_post`). Never logged, never in an error message. */
  clientSecret?: string;
  /**
   * `private_key_jwt` (RFC 7523 §2.2): the private JWK that signs the client assertions, with its
   * `alg` (asymmetric) and usually its `kid`. Never logged, never in an error message.
   */
  privateKey?: JWK;
  /** Introspection endpoint; default the `introspection_endpoint` of the issuer's metadata. */
  endpoint?: string;
  /** Client authentication (RFC 7662 §2.1, RFC 6749 §2.3.1, RFC 7523). Default `client_secret_basic`. */
  authMethod?: IntrospectionAuthMethod;
  /**
   * Seconds an active answer is reused before the endpoint is asked again (never past `exp`): the
   * longest time a revoked token is still accepted. Default 60.
   */
  cacheTtlSeconds?: number;
  /**
   * Accept an active answer without `aud` (some authorization servers omit it). Default false:
   * `aud` must contain an accepted audience (RFC 8707). Turn on only when the authorization server
   * issues this client's introspectable tokens for this resource alone.
   */
  acceptMissingAudience?: boolean;
}

/** `IntrospectionOptions` after validation. */
export interface ResolvedIntrospection {
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly privateKey: Readonly<JWK> | undefined;
  readonly endpoint: string | undefined;
  readonly authMethod: IntrospectionAuthMethod;
  readonly cacheTtlSeconds: number;
  readonly acceptMissingAudience: boolean;
}

const KEYS = [
  'clientId',
  'clientSecret',
  'privateKey',
  'endpoint',
  'authMethod',
  'cacheTtlSeconds',
  'acceptMissingAudience',
] as const;
const AUTH_METHODS: readonly IntrospectionAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
];
const ALGORITHMS = new Set<string>(ASYMMETRIC_ALGORITHMS);

/** Validates `authorizationServers[i].introspection` (`undefined`: no introspection). */
export function resolveIntrospection(
  option: string,
  value: unknown,
  allowInsecureHttp: boolean,
): ResolvedIntrospection | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new McpAuthConfigError(
      option,
      'must be an object { clientId, clientSecret, endpoint? }',
    );
  }
  rejectUnknownKeys(`${option}.`, value, KEYS);
  const given = value as Partial<Record<(typeof KEYS)[number], unknown>>;
  if (typeof given.clientId !== 'string' || given.clientId === '') {
    throw new McpAuthConfigError(
      `${option}.clientId`,
      "must be a non-empty string: the resource server's client id at the authorization server",
    );
  }
  const authMethod = given.authMethod ?? 'client_secret_basic';
  if (!AUTH_METHODS.includes(authMethod as IntrospectionAuthMethod)) {
    throw new McpAuthConfigError(
      `${option}.authMethod`,
      `must be one of ${AUTH_METHODS.join(', ')}`,
    );
  }
  const keyAuth = authMethod === 'private_key_jwt';
  // Neither the secret nor the key is ever echoed.
  if (
    keyAuth
      ? given.clientSecret !== undefined
      : typeof given.clientSecret !== 'string' || given.clientSecret === ''
  ) {
    throw new McpAuthConfigError(
      `${option}.clientSecret`,
      keyAuth
        ? 'is not used with private_key_jwt; remove it'
        : "must be a non-empty string: the resource server's client secret at the authorization server",
    );
  }
  if (
    keyAuth ? !isPrivateJwk(given.privateKey) : given.privateKey !== undefined
  ) {
    throw new McpAuthConfigError(
      `${option}.privateKey`,
      keyAuth
        ? `must be a private JWK (with "d") whose "alg" is one of ${ASYMMETRIC_ALGORITHMS.join(', ')}`
        : 'is only used with authMethod private_key_jwt',
    );
  }
  const ttl = given.cacheTtlSeconds ?? 60;
  if (!Number.isInteger(ttl) || (ttl as number) < 0 || (ttl as number) > 3600) {
    throw new McpAuthConfigError(
      `${option}.cacheTtlSeconds`,
      'must be a whole number of seconds between 0 (no caching) and 3600',
    );
  }
  const acceptMissingAudience = given.acceptMissingAudience ?? false;
  if (typeof acceptMissingAudience !== 'boolean') {
    throw new McpAuthConfigError(
      `${option}.acceptMissingAudience`,
      'must be true or false',
    );
  }
  return Object.freeze({
    clientId: given.clientId as string,
    clientSecret: given.clientSecret as string | undefined,
    privateKey:
      given.privateKey === undefined
        ? undefined
        : Object.freeze({ ...(given.privateKey as JWK) }),
    endpoint:
      given.endpoint === undefined
        ? undefined
        : parseConfiguredUrl(`${option}.endpoint`, given.endpoint, {
            allowInsecureHttp,
            allowQuery: true,
          }).href,
    authMethod: authMethod as IntrospectionAuthMethod,
    cacheTtlSeconds: ttl as number,
    acceptMissingAudience,
  });
}

function isPrivateJwk(value: unknown): value is JWK {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const { d, alg } = value as JWK;
  return (
    typeof d === 'string' && typeof alg === 'string' && ALGORITHMS.has(alg)
  );
}
