import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ROUTE_ARGS_METADATA, RouteParamtypes } from '@nestjs/common/internal';
import {
  DiscoveryService,
  ExternalContextCreator,
  MetadataScanner,
  Reflector,
  type ParamsFactory,
} from '@nestjs/core';
import { z } from 'zod';
import { McpServerConfigError } from '../mcp-server.errors.js';
import { MCP_CONTEXT_TYPE, TOOL_METADATA } from '../mcp-server.constants.js';
import type { ToolCall } from './tool-call.js';
import type { ToolOptions } from './tool-options.interface.js';
import { AuthConnection } from '../transport/auth-connection.js';
import { bootConvertedSchema } from './boot-converted-schema.js';
import { ToolRegistry } from './tool-registry.js';

type HandlerArgs = [
  request: { headers?: Record<string, unknown> },
  response: undefined,
  call: ToolCall,
];

/** Built-in Nest param decorators inside a tool: `@Req()` and `@Headers()` read the HTTP request. */
const toolParamsFactory: ParamsFactory = {
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
 * Finds `@Tool()` methods on the providers of every module at boot (as `@nestjs/schedule` finds
 * its jobs) and registers them, each wrapped by `ExternalContextCreator` so Nest enhancers apply.
 */
@Injectable()
export class ToolExplorer implements OnModuleInit {
  private readonly logger = new Logger('McpServer');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly contextCreator: ExternalContextCreator,
    private readonly registry: ToolRegistry,
    private readonly auth: AuthConnection,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const { instance } = wrapper;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = (instance as Record<string, unknown>)[method];
        if (typeof handler !== 'function') continue;
        const options = this.reflector.get<ToolOptions | undefined>(
          TOOL_METADATA,
          handler,
        );
        if (!options) continue;
        const declaredAt = `${instance.constructor.name}.${method}`;
        if (!wrapper.isDependencyTreeStatic()) {
          throw new McpServerConfigError(
            `tool "${options.name}"`,
            `${declaredAt} is on a request-scoped provider; tools must live on singleton providers`,
          );
        }
        const required =
          this.auth.port?.scopesOf(handler, instance.constructor as never) ??
          [];
        this.registry.add({
          name: options.name,
          options,
          inputSchema: bootConvertedSchema(options.input ?? z.object({})),
          outputSchema: options.output && bootConvertedSchema(options.output),
          scopes: Object.freeze([
            ...new Set([...(options.scopes ?? []), ...required]),
          ]),
          declaredAt,
          invoke: this.createInvoker(
            instance,
            handler as (...args: unknown[]) => unknown,
            method,
          ),
        });
      }
    }
    const names = this.registry.all().map((tool) => tool.name);
    this.logger.log(
      `MCP tools: ${names.length > 0 ? names.join(', ') : '(none)'}`,
    );
  }

  private createInvoker(
    instance: object,
    handler: (...args: unknown[]) => unknown,
    method: string,
  ): (request: object, call: ToolCall) => Promise<unknown> {
    const run = this.contextCreator.create(
      instance,
      handler,
      method,
      ROUTE_ARGS_METADATA,
      toolParamsFactory,
      undefined,
      undefined,
      { guards: true, interceptors: true, filters: true },
      MCP_CONTEXT_TYPE,
    );
    return (request, call) => run(request, undefined, call);
  }
}
