import { Inject, Injectable } from '@nestjs/common';
import {
  McpServer,
  type CacheHint,
  type ServerCapabilities,
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
import { ListResults, type ListMethod } from './list-results.js';
import { requestNeeds, resourceKeyOf } from './request-needs.js';

/** Which call a handler serves: fixed for a one-request server, looked up per request in a session. */
export type CallOf = (ctx: ServerContext) => McpCall;

/** An SDK `McpServer` with the application's items, and a way to show only those a caller may use. */
export interface ItemServer {
  readonly server: McpServer;
  /** Shows the tools, resources, templates and prompts `scopes` can use, hides the others (`hideUnauthorized`). */
  showFor(scopes: readonly string[] | undefined): void;
}

/** The items a server shows one caller, by kind, each in key order. */
interface ItemSet {
  readonly tools: readonly ToolDefinition[];
  readonly resources: readonly ResourceDefinition[];
  readonly templates: readonly ResourceTemplateDefinition[];
  readonly prompts: readonly PromptDefinition[];
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
  private servedMemo: ServerCapabilities | undefined;
  private completingMemo:
    | { item: ResourceTemplateDefinition | PromptDefinition | undefined }
    | undefined;
  private readonly lists = new ListResults();

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
   * A server for one request: of the items `call`'s scopes may use when hiding (every item
   * otherwise), only those `body` needs (`requestNeeds`: the named tool, prompt or resource, the
   * items a list shows), so its cost does not grow with the registries. Lists show exactly the
   * visible items, in key order; a hidden item is absent, answering exactly as an unknown one.
   * A list is computed once per visible set and reused (`ListResults`). Its handlers close over
   * `call`.
   */
  forCall(call: McpCall, body?: unknown): McpServer {
    const server = this.newServer(this.served);
    const granted = call.owner?.scopes;
    const callOf = () => call;
    const tools: ToolDefinition[] = [];
    const resources: ResourceDefinition[] = [];
    const templates: ResourceTemplateDefinition[] = [];
    const prompts: PromptDefinition[] = [];
    const add = <D extends McpItem>(into: D[], item: D | undefined) => {
      if (item !== undefined && this.visible(item, granted)) into.push(item);
    };
    const addAll = <D extends McpItem>(into: D[], items: readonly D[]) => {
      for (const item of items) add(into, item);
    };
    const needs = requestNeeds(body);
    switch (needs.kind) {
      case 'nothing':
        break;
      case 'tools/list':
        addAll(tools, this.tools.all());
        break;
      case 'tools/call':
        add(
          tools,
          needs.name === undefined ? undefined : this.tools.get(needs.name),
        );
        break;
      case 'resources/list':
        addAll(resources, this.resources.all());
        addAll(templates, this.templates.all());
        break;
      case 'resources/templates/list':
        addAll(templates, this.templates.all());
        break;
      case 'resources/read': {
        const key =
          needs.uri === undefined ? undefined : resourceKeyOf(needs.uri);
        add(resources, key === undefined ? undefined : this.resources.get(key));
        // The SDK matches the templates, in key order, only when no resource has the URI.
        if (resources.length === 0) addAll(templates, this.templates.all());
        break;
      }
      case 'prompts/list':
        addAll(prompts, this.prompts.all());
        break;
      case 'prompts/get':
        add(
          prompts,
          needs.name === undefined ? undefined : this.prompts.get(needs.name),
        );
        break;
      case 'completion/complete':
        add(
          prompts,
          needs.prompt === undefined
            ? undefined
            : this.prompts.get(needs.prompt),
        );
        if (needs.uri !== undefined) {
          add(templates, this.templates.get(needs.uri));
          add(resources, this.resources.get(needs.uri));
        }
        break;
      case 'everything':
        addAll(tools, this.tools.all());
        addAll(resources, this.resources.all());
        addAll(templates, this.templates.all());
        addAll(prompts, this.prompts.all());
        break;
    }
    const shown: ItemSet = { tools, resources, templates, prompts };
    if (
      isListMethod(needs.kind) &&
      // Template list methods run per call (with its request): such a resources/list is not cached.
      (needs.kind !== 'resources/list' || !templates.some(lists))
    ) {
      this.listFromCache(server, needs.kind, () => shown, callOf);
      return server;
    }
    this.registerAll(server, shown, callOf);
    // `completion/complete` is answered (an unknown or hidden reference as such) whenever the
    // application completes anything, whatever this caller is shown.
    const completing = this.completing;
    if (
      completing &&
      (needs.kind === 'completion/complete' || needs.kind === 'everything') &&
      !templates.some(completes) &&
      !prompts.some(completes)
    ) {
      if ('template' in completing)
        this.registerTemplate(server, completing, callOf).remove();
      else this.registerPrompt(server, completing, callOf).remove();
    }
    return server;
  }

  /** Registers `items` on `server`, their handlers serving the call `callOf` names. */
  private registerAll(server: McpServer, items: ItemSet, callOf: CallOf) {
    for (const item of items.tools) this.registerTool(server, item, callOf);
    for (const item of items.resources)
      this.registerResource(server, item, callOf);
    for (const item of items.templates)
      this.registerTemplate(server, item, callOf);
    for (const item of items.prompts) this.registerPrompt(server, item, callOf);
  }

  /**
   * Answers `method` on `server` from the lists computed once per visible set (`ListResults`),
   * `shown()` naming the items the caller being served may see.
   */
  private listFromCache(
    server: McpServer,
    method: ListMethod,
    shown: () => ItemSet,
    callOf: CallOf,
  ) {
    const answer = server.server.setRequestHandler.bind(server.server) as (
      method: ListMethod,
      handler: () => Promise<object>,
    ) => void;
    answer(method, () => {
      const items = shown();
      return this.lists.get(
        method,
        visibleSetKey(method, items),
        this.itemsVersion,
        (into) => this.registerAll(into, items, callOf),
      );
    });
  }

  /** Changes whenever an item is added to a registry (cached lists are then stale). */
  private get itemsVersion(): string {
    return `${this.tools.version} ${this.resources.version} ${this.templates.version} ${this.prompts.version}`;
  }

  /** The capabilities every one-request server declares: those of the kinds the application serves. */
  private get served(): ServerCapabilities {
    return (this.servedMemo ??= {
      ...(this.options.logging && { logging: {} }),
      ...(this.tools.all().length > 0 && { tools: {} }),
      ...((this.resources.all().length > 0 ||
        this.templates.all().length > 0) && { resources: {} }),
      ...(this.prompts.all().length > 0 && { prompts: {} }),
      ...(this.completing && { completions: {} }),
    });
  }

  /** The first template or prompt with completers, if any (what `completion/complete` needs). */
  private get completing():
    ResourceTemplateDefinition | PromptDefinition | undefined {
    if (this.completingMemo === undefined) {
      this.completingMemo = {
        item:
          this.templates.all().find(completes) ??
          this.prompts.all().find(completes),
      };
    }
    return this.completingMemo.item;
  }

  /**
   * A long-lived server (a 2025 session): every item, shown per request with `showFor`; its lists
   * come from the same per-visible-set cache as one-request servers'.
   */
  forSession(callOf: CallOf): ItemServer {
    const server = this.newServer();
    const all: ItemSet = {
      tools: [...this.tools.all()],
      resources: [...this.resources.all()],
      templates: [...this.templates.all()],
      prompts: [...this.prompts.all()],
    };
    const toggles = new Map<McpItem, Toggle>();
    for (const tool of all.tools)
      toggles.set(tool, this.registerTool(server, tool, callOf));
    for (const resource of all.resources)
      toggles.set(resource, this.registerResource(server, resource, callOf));
    for (const prompt of all.prompts)
      toggles.set(prompt, this.registerPrompt(server, prompt, callOf));
    // The SDK lists disabled templates: hidden ones are removed, and the shown ones registered
    // again in key order (the order a URI is matched in) whenever the set changes. All are
    // registered first, so the SDK installs its resource handlers now, before they are replaced.
    let shownTemplates = all.templates;
    let templates = shownTemplates.map((template) =>
      this.registerTemplate(server, template, callOf),
    );
    const showTemplates = (visible: ResourceTemplateDefinition[]) => {
      if (sameItems(visible, shownTemplates)) return;
      shownTemplates = visible;
      for (const handle of templates) handle.remove();
      templates = visible.map((template) =>
        this.registerTemplate(server, template, callOf),
      );
    };
    let shown: ItemSet | undefined;
    const enabled = <D extends McpItem>(items: readonly D[]) =>
      items.filter((item) => toggles.get(item)!.enabled);
    const shownNow = (): ItemSet =>
      (shown ??= {
        tools: enabled(all.tools),
        resources: enabled(all.resources),
        templates: shownTemplates,
        prompts: enabled(all.prompts),
      });
    if (all.tools.length > 0)
      this.listFromCache(server, 'tools/list', shownNow, callOf);
    if (all.resources.length > 0 || all.templates.length > 0) {
      // Template list methods run per call (with its request): such a resources/list is not cached.
      if (!all.templates.some(lists))
        this.listFromCache(server, 'resources/list', shownNow, callOf);
      this.listFromCache(server, 'resources/templates/list', shownNow, callOf);
    }
    if (all.prompts.length > 0)
      this.listFromCache(server, 'prompts/list', shownNow, callOf);
    // A session's requests nearly always carry the same scopes: the items are toggled only when
    // they change, so a request does not pay for every item.
    let shownFor: string | undefined;
    const showFor = (granted: readonly string[] | undefined) => {
      const key = granted === undefined ? '\u0000' : granted.join(' ');
      if (key === shownFor) return;
      shownFor = key;
      shown = undefined;
      for (const [item, handle] of toggles) {
        const visible = this.visible(item, granted);
        if (handle.enabled !== visible) {
          if (visible) handle.enable();
          else handle.disable();
        }
      }
      showTemplates(
        all.templates.filter((template) => this.visible(template, granted)),
      );
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

  /**
   * A server declaring `capabilities` (and, for tools, resources and prompts, answering their
   * methods), with the logging capability when enabled: it lets handlers' `ctx.mcpReq.log()`
   * reach the client (the SDK drops it without the capability).
   */
  private newServer(
    capabilities: ServerCapabilities | undefined = this.options.logging
      ? { logging: {} }
      : undefined,
  ): McpServer {
    return new McpServer(
      { name: this.options.name, version: this.options.version },
      {
        instructions: this.options.instructions,
        capabilities, // copied by the SDK, never changed
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

/** True for the list methods whose results `ListResults` may cache. */
function isListMethod(kind: string): kind is ListMethod {
  return (
    kind === 'tools/list' ||
    kind === 'resources/list' ||
    kind === 'resources/templates/list' ||
    kind === 'prompts/list'
  );
}

/** True for a template whose `list` method names resources (run per `resources/list`). */
function lists(template: ResourceTemplateDefinition): boolean {
  return template.template.listCallback !== undefined;
}

/**
 * Names the visible set a list shows: the keys of exactly the items of `method`'s kind a caller
 * may see (every visible item is in it; two callers share a cached list only when it is equal).
 */
function visibleSetKey(method: ListMethod, items: ItemSet): string {
  const keys =
    method === 'tools/list'
      ? items.tools.map((tool) => tool.name)
      : method === 'resources/list'
        ? items.resources.map((resource) => resource.uri)
        : method === 'resources/templates/list'
          ? items.templates.map((template) => template.uriTemplate)
          : items.prompts.map((prompt) => prompt.name);
  return keys.join('\u0000');
}

/** True when `a` and `b` hold the same items in the same order. */
function sameItems(a: readonly McpItem[], b: readonly McpItem[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
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
