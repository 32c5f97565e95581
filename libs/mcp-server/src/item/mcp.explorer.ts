import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ROUTE_ARGS_METADATA, RouteParamtypes } from '@nestjs/common/internal';
import {
  DiscoveryService,
  ExternalContextCreator,
  MetadataScanner,
  Reflector,
  type ParamsFactory,
} from '@nestjs/core';
import { McpServerConfigError } from '../mcp-server.errors.js';
import { MCP_CONTEXT_TYPE } from '../mcp-server.constants.js';
import { AuthConnection } from '../transport/auth-connection.js';
import { McpCallContext } from '../transport/call-context.js';
import { toolKind } from '../tool/tool-kind.js';
import { ToolRegistry } from '../tool/tool-registry.js';
import {
  resourceKind,
  resourceTemplateKind,
} from '../resource/resource-kinds.js';
import {
  ResourceRegistry,
  ResourceTemplateRegistry,
} from '../resource/resource-registries.js';
import { promptKind } from '../prompt/prompt-kind.js';
import { PromptRegistry } from '../prompt/prompt-registry.js';
import type { FoundHandler, ItemKind } from './item-kind.js';
import type { HandlerInvoker } from './mcp-item.js';

type Handler = (...args: unknown[]) => unknown;

type HandlerArgs = [
  request: { headers?: Record<string, unknown> },
  response: undefined,
  call: object,
];

/** Built-in Nest param decorators inside a handler: `@Req()` and `@Headers()` read the HTTP request. */
const handlerParamsFactory: ParamsFactory = {
  exchangeKeyForValue(type: number, data: unknown, [request]: HandlerArgs) {
    if (type === RouteParamtypes.REQUEST) return request;
    if (type === RouteParamtypes.HEADERS) {
      return typeof data === 'string'
        ? request.headers?.[data.toLowerCase()]
        : request.headers;
    }
    return undefined;
  },
};

/**
 * Finds `@Tool()`, `@Resource()`, `@ResourceTemplate()` and `@Prompt()` methods on the providers of
 * every module at boot (as `@nestjs/schedule` finds its jobs) and registers them, each wrapped by
 * `ExternalContextCreator` so Nest enhancers apply.
 */
@Injectable()
export class McpExplorer implements OnModuleInit {
  private readonly logger = new Logger('McpServer');
  private readonly kinds: readonly ItemKind<never>[];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly contextCreator: ExternalContextCreator,
    private readonly auth: AuthConnection,
    callContext: McpCallContext,
    tools: ToolRegistry,
    resources: ResourceRegistry,
    templates: ResourceTemplateRegistry,
    prompts: PromptRegistry,
  ) {
    this.kinds = [
      toolKind(tools),
      resourceKind(resources),
      resourceTemplateKind(templates, callContext),
      promptKind(prompts, callContext),
    ] as ItemKind<unknown>[] as ItemKind<never>[];
  }

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const { instance } = wrapper;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = (instance as Record<string, unknown>)[method];
        if (typeof handler !== 'function') continue;
        for (const kind of this.kinds) {
          const options = this.reflector.get<never>(kind.metadataKey, handler);
          if (!options) continue;
          const declaredAt = `${instance.constructor.name}.${method}`;
          if (!wrapper.isDependencyTreeStatic()) {
            throw new McpServerConfigError(
              `${kind.label} ${declaredAt}`,
              'is on a request-scoped provider; MCP handlers must live on singleton providers',
            );
          }
          kind.register(
            this.found(instance, handler as Handler, method, options),
          );
        }
      }
    }
    for (const kind of this.kinds) {
      const names = kind.registered();
      if (kind.label === 'tool' || names.length > 0) {
        this.logger.log(
          `MCP ${kind.label}s: ${names.length > 0 ? names.join(', ') : '(none)'}`,
        );
      }
    }
  }

  private found<O extends { scopes?: string[] }>(
    instance: object,
    handler: Handler,
    method: string,
    options: O,
  ): FoundHandler<O> {
    const required =
      this.auth.port?.scopesOf(handler, instance.constructor as never) ?? [];
    return {
      options,
      declaredAt: `${instance.constructor.name}.${method}`,
      scopes: Object.freeze([
        ...new Set([...(options.scopes ?? []), ...required]),
      ]),
      invoke: this.createInvoker(instance, handler, method),
      invokerOf: (other, usedBy) => {
        const otherHandler = (instance as Record<string, unknown>)[other];
        if (typeof otherHandler !== 'function') {
          throw new McpServerConfigError(
            usedBy,
            `${instance.constructor.name} has no method "${other}"`,
          );
        }
        return this.createInvoker(instance, otherHandler as Handler, other);
      },
    };
  }

  private createInvoker(
    instance: object,
    handler: Handler,
    method: string,
  ): HandlerInvoker {
    const run = this.contextCreator.create(
      instance,
      handler,
      method,
      ROUTE_ARGS_METADATA,
      handlerParamsFactory,
      undefined,
      undefined,
      { guards: true, interceptors: true, filters: true },
      MCP_CONTEXT_TYPE,
    );
    return (request, call) => run(request, undefined, call);
  }
}
