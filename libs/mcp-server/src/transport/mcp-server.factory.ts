import { Inject, Injectable } from '@nestjs/common';
import {
  McpServer,
  type CacheHint,
  type RegisteredResourceTemplate,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { MCP_SERVER_RESOLVED_OPTIONS } from '../mcp-server.constants.js';
import type { ResolvedMcpServerOptions } from '../mcp-server-options.interface.js';
import type { McpItem } from '../item/mcp-item.js';
import {
  PromptRegistry,
  type PromptDefinition,
} from '../prompt/prompt-registry.js';
import {
  ResourceRegistry,
  ResourceTemplateRegistry,
  type ResourceDefinition,
  type ResourceTemplateDefinition,
} from '../resource/resource-registries.js';
import { ToolRegistry, type ToolDefinition } from '../tool/tool-registry.js';
import { toToolError, toToolResult } from '../tool/tool-result.js';
import { AuthConnection } from './auth-connection.js';
import type { McpCall } from './mcp-call.js';

/** Which call a handler serves: fixed for a one-request server, looked up per request in a session. */
export type CallOf = (ctx: ServerContext) => McpCall;

/** An SDK `McpServer` with the application's items, and a way to show only those a caller may use. */
export interface ItemServer {
  readonly server: McpServer;
  /** Shows the tools, resources, templates and prompts `scopes` can use, hides the others (`hideUnauthorized`). */
  showFor(scopes: readonly string[] | undefined): void;
}

/** A registered item the SDK can enable and disable. */
interface Toggle {
  readonly enabled: boolean;
  enable(): void;
  disable(): void;
}

/** The lists depend on the caller's token: only that client may cache them (MCP 2026-07-28). */
const PRIVATE: CacheHint = { ttlMs: 0, cacheScope: 'private' };

/** Builds SDK v2 servers whose tools, resources and prompts run through Nest (see `McpExplorer`). */
@Injectable()
export class McpServerFactory {
  constructor(
    private readonly tools: ToolRegistry,
    private readonly resources: ResourceRegistry,
    private readonly templates: ResourceTemplateRegistry,
    private readonly prompts: PromptRegistry,
    private readonly auth: AuthConnection,
    @Inject(MCP_SERVER_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpServerOptions,
  ) {}

  /**
   * A server for one request: only the items `call`'s scopes may use when hiding (so the lists
   * show exactly those, in key order), every item otherwise. Its handlers close over `call`.
   */
  forCall(call: McpCall): McpServer {
    const server = this.newServer();
    const granted = call.owner?.scopes;
    const callOf = () => call;
    const registerShown = <D extends McpItem>(
      items: readonly D[],
      register: (item: D) => { remove(): void },
    ) => {
      const shown = items.filter((item) => this.visible(item, granted));
      shown.forEach(register);
      // A kind the application serves keeps its capability and list method, however empty.
      if (shown.length === 0 && items.length > 0) register(items[0]).remove();
      return shown;
    };
    const template = (item: ResourceTemplateDefinition) =>
      this.registerTemplate(server, item, callOf);
    const prompt = (item: PromptDefinition) =>
      this.registerPrompt(server, item, callOf);
    registerShown(this.tools.all(), (item) =>
      this.registerTool(server, item, callOf),
    );
    registerShown(this.resources.all(), (item) =>
      this.registerResource(server, item, callOf),
    );
    const templates = registerShown(this.templates.all(), template);
    const prompts = registerShown(this.prompts.all(), prompt);
    // The same for `completion/complete`, when the items shown complete nothing.
    if (!templates.some(completes) && !prompts.some(completes)) {
      const completing =
        this.templates.all().find(completes) ??
        this.prompts.all().find(completes);
      if (completing && 'template' in completing) template(completing).remove();
      else if (completing) prompt(completing).remove();
    }
    return server;
  }

  /** A long-lived server (a 2025 session): every item, shown per request with `showFor`. */
  forSession(callOf: CallOf): ItemServer {
    const server = this.newServer();
    const toggles = new Map<McpItem, Toggle>();
    for (const tool of this.tools.all())
      toggles.set(tool, this.registerTool(server, tool, callOf));
    for (const resource of this.resources.all())
      toggles.set(resource, this.registerResource(server, resource, callOf));
    for (const prompt of this.prompts.all())
      toggles.set(prompt, this.registerPrompt(server, prompt, callOf));
    // The SDK lists disabled templates: hidden ones are removed, and the shown ones registered
    // again in key order (the order a URI is matched in) whenever the set changes.
    let templates: RegisteredResourceTemplate[] = [];
    let shownTemplates: string | undefined;
    const showTemplatesFor = (granted: readonly string[] | undefined) => {
      const visible = this.templates
        .all()
        .filter((template) => this.visible(template, granted));
      const key = visible.map((template) => template.uriTemplate).join('\n');
      if (key === shownTemplates) return;
      shownTemplates = key;
      for (const handle of templates) handle.remove();
      templates = visible.map((template) =>
        this.registerTemplate(server, template, callOf),
      );
    };
    const showFor = (granted: readonly string[] | undefined) => {
      for (const [item, handle] of toggles) {
        const visible = this.visible(item, granted);
        if (handle.enabled !== visible) {
          if (visible) handle.enable();
          else handle.disable();
        }
      }
      showTemplatesFor(granted);
    };
    return { server, showFor };
  }

  /** True when `item` is listed for a caller granted `granted` (`hideUnauthorized`). */
  private visible(
    item: McpItem,
    granted: readonly string[] | undefined,
  ): boolean {
    if (!this.options.hideUnauthorized || item.scopes.length === 0) return true;
    const port = this.auth.port;
    return port ? port.satisfies(granted ?? [], item.scopes) : true;
  }

  private newServer(): McpServer {
    return new McpServer(
      { name: this.options.name, version: this.options.version },
      {
        instructions: this.options.instructions,
        // Lets handlers' `ctx.mcpReq.log()` reach the client (the SDK drops it without the capability).
        capabilities: this.options.logging ? { logging: {} } : undefined,
        cacheHints: {
          'tools/list': PRIVATE,
          'resources/list': PRIVATE,
          'resources/templates/list': PRIVATE,
          'prompts/list': PRIVATE,
          'resources/read': PRIVATE,
        },
      },
    );
  }

  private registerTool(
    server: McpServer,
    tool: ToolDefinition,
    callOf: CallOf,
  ) {
    const { options } = tool;
    return server.registerTool(
      tool.name,
      {
        title: options.title,
        description: options.description,
        inputSchema: tool.inputSchema,
        outputSchema: tool.outputSchema,
        annotations: options.annotations,
      },
      async (input: Record<string, unknown>, extra: ServerContext) => {
        try {
          return toToolResult(
            await tool.invoke(callOf(extra).request, {
              name: tool.name,
              input,
              extra,
            }),
          );
        } catch (error) {
          return toToolError(tool.name, error);
        }
      },
    );
  }

  private registerResource(
    server: McpServer,
    resource: ResourceDefinition,
    callOf: CallOf,
  ) {
    return server.registerResource(
      resource.options.name,
      resource.uri,
      metadataOf(resource.options),
      (uri, extra) => resource.read(callOf(extra).request, uri, {}, extra),
    );
  }

  private registerTemplate(
    server: McpServer,
    template: ResourceTemplateDefinition,
    callOf: CallOf,
  ) {
    return server.registerResource(
      template.options.name,
      template.template,
      metadataOf(template.options),
      (uri, variables, extra) =>
        template.read(callOf(extra).request, uri, variables, extra),
    );
  }

  private registerPrompt(
    server: McpServer,
    prompt: PromptDefinition,
    callOf: CallOf,
  ) {
    const { title, description } = prompt.options;
    if (!prompt.argsSchema) {
      return server.registerPrompt(
        prompt.name,
        { title, description },
        (extra) => prompt.get(callOf(extra).request, {}, extra),
      );
    }
    return server.registerPrompt(
      prompt.name,
      { title, description, argsSchema: prompt.argsSchema },
      (args: Record<string, unknown>, extra: ServerContext) =>
        prompt.get(callOf(extra).request, args, extra),
    );
  }
}

/** True for a template or prompt with completers. */
function completes(
  item: McpItem,
): item is ResourceTemplateDefinition | PromptDefinition {
  const complete = (item as { options?: { complete?: object } }).options
    ?.complete;
  return complete !== undefined && Object.keys(complete).length > 0;
}

/** The listed metadata of a resource or template declaration. */
function metadataOf(
  options:
    ResourceDefinition['options'] | ResourceTemplateDefinition['options'],
) {
  const { title, description, mimeType, annotations } = options;
  return { title, description, mimeType, annotations };
}
