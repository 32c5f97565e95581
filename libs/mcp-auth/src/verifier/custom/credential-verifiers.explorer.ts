import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { McpAuthConfigError } from '../../errors/mcp-auth.errors.js';
import { MCP_AUTH_RESOLVED_OPTIONS } from '../../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../../mcp-auth-options.interface.js';
import { CREDENTIAL_VERIFIER_METADATA } from './credential-verifier.constants.js';
import type { McpCredentialVerifierPort } from './credential-verifier.interface.js';

/** A verifier of your own, found at boot. */
export interface NamedVerifier {
  readonly name: string;
  readonly verifier: McpCredentialVerifierPort;
}

/**
 * Finds the providers whose class is marked `@McpCredentialVerifier()` at boot (class or factory
 * providers; a factory may return `null` to register none), singletons with a `verify`
 * method, names unique and distinct from the configured issuers). Internal.
 */
@Injectable()
export class CredentialVerifiers implements OnModuleInit {
  private readonly logger = new Logger('McpAuth');
  private found: readonly NamedVerifier[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @Inject(MCP_AUTH_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpAuthOptions,
  ) {}

  /** The verifiers, in the order Nest lists the providers. */
  get list(): readonly NamedVerifier[] {
    return this.found;
  }

  onModuleInit(): void {
    const issuers = new Set(
      this.options.authorizationServers.map((s) => s.issuer),
    );
    const found: NamedVerifier[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      // By the instance's class, so that a factory provider may register one (or `null`).
      const { instance } = wrapper;
      if (!instance || typeof instance !== 'object') continue;
      const metatype = instance.constructor as { name: string };
      const name = this.reflector.get<string | undefined>(
        CREDENTIAL_VERIFIER_METADATA,
        metatype as never,
      );
      // An instance under two tokens (an alias) is one verifier.
      if (name === undefined || found.some((f) => f.verifier === instance))
        continue;
      const at = `@McpCredentialVerifier() on ${metatype.name}`;
      if (typeof name !== 'string' || name.trim() === '') {
        throw new McpAuthConfigError(at, 'give the verifier a non-empty name');
      }
      if (issuers.has(name) || found.some((f) => f.name === name)) {
        throw new McpAuthConfigError(
          at,
          `the name "${name}" is already used by an issuer or another verifier; names must be unique`,
        );
      }
      if (!wrapper.isDependencyTreeStatic()) {
        throw new McpAuthConfigError(
          at,
          'is on a request-scoped provider; credential verifiers must be singletons',
        );
      }
      if (
        typeof (instance as Partial<McpCredentialVerifierPort>)?.verify !==
        'function'
      ) {
        throw new McpAuthConfigError(
          at,
          'the class must have a verify(credential) method',
        );
      }
      found.push({ name, verifier: instance as McpCredentialVerifierPort });
    }
    this.found = Object.freeze(found);
    if (found.length > 0) {
      this.logger.log(
        `Credential verifiers of your own: ${found.map((f) => f.name).join(', ')}`,
      );
    }
  }
}
