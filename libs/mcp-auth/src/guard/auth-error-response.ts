import { Inject, Injectable } from '@nestjs/common';
import { DpopBindingError } from '../dpop/dpop-binding.error.js';
import { DpopReplayUnavailableError } from '../dpop/dpop-replay-unavailable.error.js';
import { DpopRequestCheck } from '../dpop/dpop-request-check.service.js';
import { InvalidDpopProofError } from '../dpop/invalid-dpop-proof.error.js';
import {
  AuthorizationServerUnavailableError,
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
  McpAuthError,
  MissingCredentialsError,
} from '../errors/mcp-auth.errors.js';
import { MCP_AUTH_RESOLVED_OPTIONS } from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import {
  authChallenge,
  type BearerChallengeParams,
  type BearerErrorCode,
} from './bearer-challenge.js';
import type { CredentialScheme } from './bearer-token.js';

/** An HTTP answer to a refused request: status, headers and a small JSON body. */
export interface AuthErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<{
    statusCode: number;
    error: string;
    message: string;
  }>;
}

type ChallengeParams = Omit<BearerChallengeParams, 'resourceMetadata' | 'algs'>;

const INVALID_TOKEN = 'The access token is invalid';
const NEEDS_PROOF = 'The access token must be presented with a DPoP proof';

/**
 * Turns `@nest-mcp/auth` errors into HTTP answers with the right `WWW-Authenticate` challenges
 * (RFC 6750 §3, RFC 9449 §7.1, RFC 9728 §5.1): the error goes in the challenge of the scheme the
 * token came with; a `DPoP` challenge (with `algs`) is added where DPoP matters, a plain `Bearer`
 * one next to it while bearer tokens are accepted. Fixed answers are computed once at boot.
 */
@Injectable()
export class McpAuthErrorResponses {
  private readonly missing: AuthErrorResponse;
  private readonly invalidToken: AuthErrorResponse;
  private readonly expiredToken: AuthErrorResponse;
  private readonly invalidRequest: AuthErrorResponse;
  private readonly fixed = new Map<string, AuthErrorResponse>();
  private readonly algs: readonly string[];
  private readonly acceptsBearer: boolean;
  private readonly acceptsDpop: boolean;

  constructor(
    @Inject(MCP_AUTH_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpAuthOptions,
    private readonly dpop: DpopRequestCheck,
  ) {
    this.algs = options.dpopAlgorithms;
    this.acceptsBearer = dpop.policy.acceptsBearer;
    this.acceptsDpop = dpop.policy.acceptsDpop;
    this.missing = this.buildMissing([]);
    const invalid = (description: string) =>
      response(401, 'invalid_token', description, {
        'WWW-Authenticate': this.challenge('Bearer', {
          error: 'invalid_token',
          errorDescription: description,
        }),
      });
    this.invalidToken = invalid(INVALID_TOKEN);
    this.expiredToken = invalid('The access token has expired');
    this.invalidRequest = response(
      400,
      'invalid_request',
      'Malformed authorization request',
      {
        'WWW-Authenticate': this.challenge(this.schemeForErrors(), {
          error: 'invalid_request',
          errorDescription: 'Malformed authorization request',
        }),
      },
    );
  }

  /** 401 without an error code, listing `scopes` the operation needs (if any) besides the required ones. */
  missingCredentials(scopes: readonly string[] = []): AuthErrorResponse {
    return scopes.length === 0 ? this.missing : this.buildMissing(scopes);
  }

  private buildMissing(scopes: readonly string[]): AuthErrorResponse {
    const message = this.acceptsBearer
      ? 'Bearer access token required'
      : 'DPoP-bound access token required';
    return response(401, 'unauthorized', message, {
      'WWW-Authenticate': this.challenge(this.schemeForErrors(), {
        scope: [...this.options.requiredScopes, ...scopes],
      }),
    });
  }

  /**
   * 403 `insufficient_scope` in the challenge of the scheme the token came with; it lists every
   * needed scope plus those already granted.
   */
  insufficientScope(
    needed: readonly string[],
    granted: readonly string[],
    scheme: CredentialScheme = 'Bearer',
  ): AuthErrorResponse {
    return response(
      403,
      'insufficient_scope',
      'The access token lacks a required scope',
      {
        'WWW-Authenticate': this.challenge(scheme, {
          error: 'insufficient_scope',
          errorDescription: 'The access token lacks a required scope',
          scope: [...needed, ...granted],
        }),
      },
    );
  }

  /**
   * The answer for any `McpAuthError`; `routeScopes` are the scopes the refused operation needs,
   * `scheme` the one the request's token came with.
   */
  forError(
    error: McpAuthError,
    routeScopes: readonly string[] = [],
    scheme: CredentialScheme = 'Bearer',
  ): AuthErrorResponse {
    if (error instanceof MissingCredentialsError)
      return this.missingCredentials(routeScopes);
    if (error instanceof InvalidDpopProofError) return this.proofRefused(error);
    if (error instanceof DpopBindingError) return this.bindingRefused(error);
    if (error instanceof InvalidTokenError) {
      const expired = error.reason === 'expired';
      if (scheme === 'DPoP') {
        return this.dpopAnswer(
          'invalid_token',
          expired ? 'The access token has expired' : INVALID_TOKEN,
        );
      }
      return expired ? this.expiredToken : this.invalidToken;
    }
    if (error instanceof InsufficientScopeError) {
      return this.insufficientScope(
        error.requiredScopes,
        error.grantedScopes,
        scheme,
      );
    }
    if (error instanceof AuthorizationServerUnavailableError) {
      return response(
        503,
        'temporarily_unavailable',
        'Token verification is temporarily unavailable',
        {
          'Retry-After': String(error.retryAfterSeconds),
        },
      );
    }
    if (error instanceof DpopReplayUnavailableError) {
      // RFC 9449 §11.1: without room in the replay store, or without the store, a replay cannot
      // be ruled out (fail closed). The client did nothing wrong: no challenge about its proof.
      return response(
        503,
        'temporarily_unavailable',
        'DPoP proof checking is temporarily unavailable',
        {
          'Retry-After': String(error.retryAfterSeconds),
          'Cache-Control': 'no-store',
        },
      );
    }
    if (error instanceof InvalidRequestError) return this.invalidRequest;
    return this.invalidToken;
  }

  /** RFC 9449 §7.1, §9: a refused proof; a missing or stale nonce gets `use_dpop_nonce` and a fresh one. */
  private proofRefused(error: InvalidDpopProofError): AuthErrorResponse {
    if (error.reason === 'nonce_required' && this.dpop.nonces) {
      return this.dpopAnswer(
        'use_dpop_nonce',
        'Resource server requires nonce in DPoP proof',
        { 'DPoP-Nonce': this.dpop.nonces.current() },
      );
    }
    if (error.reason === 'wrong_key') {
      // RFC 9449 §7.1: the token is not bound to the proof's key.
      return this.dpopAnswer('invalid_token', 'Invalid DPoP key binding');
    }
    return this.dpopAnswer('invalid_dpop_proof', 'The DPoP proof is invalid');
  }

  /** A token presented against its binding: `Bearer` ones get both challenges. */
  private bindingRefused(error: DpopBindingError): AuthErrorResponse {
    switch (error.reason) {
      case 'bound_token_as_bearer':
      case 'dpop_required': {
        // With DPoP off nowhere to turn: a plain invalid_token, as for any unusable token.
        if (!this.acceptsDpop) return this.invalidToken;
        return this.cached(`binding:${error.reason}`, () =>
          response(401, 'invalid_token', NEEDS_PROOF, {
            'WWW-Authenticate': [
              this.challenge('Bearer', {
                error: 'invalid_token',
                errorDescription: NEEDS_PROOF,
              }),
              this.challenge('DPoP', {}),
            ].join(', '),
          }),
        );
      }
      default:
        return this.dpopAnswer('invalid_token', INVALID_TOKEN);
    }
  }

  /** 401 with a `DPoP` challenge carrying `error`, then a plain `Bearer` one when bearer tokens are accepted. */
  private dpopAnswer(
    error: BearerErrorCode,
    description: string,
    extra: Record<string, string> = {},
  ): AuthErrorResponse {
    const build = () => {
      const challenges = [
        this.challenge('DPoP', { error, errorDescription: description }),
      ];
      if (this.acceptsBearer) challenges.push(this.challenge('Bearer', {}));
      return response(401, error, description, {
        'WWW-Authenticate': challenges.join(', '),
        ...extra,
      });
    };
    return Object.keys(extra).length > 0
      ? build()
      : this.cached(`dpop:${error}:${description}`, build);
  }

  private challenge(scheme: CredentialScheme, params: ChallengeParams): string {
    return authChallenge(scheme, {
      ...params,
      resourceMetadata: this.options.metadataUrl,
      algs: scheme === 'DPoP' ? this.algs : undefined,
    });
  }

  /** The scheme of answers that concern no token in particular: `Bearer` unless DPoP is required. */
  private schemeForErrors(): CredentialScheme {
    return this.acceptsBearer ? 'Bearer' : 'DPoP';
  }

  private cached(key: string, build: () => AuthErrorResponse) {
    let answer = this.fixed.get(key);
    if (!answer) this.fixed.set(key, (answer = build()));
    return answer;
  }
}

function response(
  status: number,
  error: string,
  message: string,
  headers: Record<string, string>,
): AuthErrorResponse {
  return Object.freeze({
    status,
    headers: Object.freeze(headers),
    body: Object.freeze({ statusCode: status, error, message }),
  });
}
