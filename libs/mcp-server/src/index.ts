/**
 * `@nest-mcp/server`: MCP tools, resources and prompts as decorated Nest providers, served through
 * the official SDK.
 */
export { McpServerModule } from './mcp-server.module.js';
export {
  MCP_SERVER_OPTIONS,
  type McpServerModuleAsyncOptions,
  type McpServerModuleExtras,
  type McpServerModuleOptions,
  type McpServerOptionsFactory,
} from './mcp-server.module-definition.js';
export type {
  McpServerOptions,
  ResolvedMcpServerOptions,
} from './mcp-server-options.interface.js';
export {
  MCP_CONTEXT_TYPE,
  MCP_SERVER_RESOLVED_OPTIONS,
} from './mcp-server.constants.js';
export { McpServerError, McpServerConfigError } from './mcp-server.errors.js';
export { REPLICA_ID_PATTERN } from './transport/session-ids.js';
export {
  MCP_SERVER_ENV,
  mcpServerOptionsFromEnv,
  type ServerEnvSource,
} from './config/options-from-env.js';
export { Tool } from './tool/tool.decorator.js';
export type { ToolOptions } from './tool/tool-options.interface.js';
export {
  McpExtra,
  ToolExtra,
  ToolInput,
  ToolProgress,
} from './tool/tool-params.decorators.js';
export type { ProgressReporter } from './tool/tool-progress.js';
export type { ToolCall } from './tool/tool-call.js';
export { ToolRegistry, type ToolDefinition } from './tool/tool-registry.js';
export { Resource, ResourceTemplate } from './resource/resource.decorators.js';
export type {
  ResourceOptions,
  ResourceTemplateOptions,
} from './resource/resource-options.interface.js';
export {
  ResourceUri,
  ResourceVariables,
} from './resource/resource-params.decorators.js';
export type { ResourceRead } from './resource/resource-read.js';
export { ResourceUpdates } from './resource/resource-updates.js';
export type { ResourceUpdateTarget } from './resource/update-target.js';
export {
  MCP_EVENT_BUS,
  type McpEvent,
  type McpEventBus,
} from './events/mcp-event-bus.js';
export type { McpEventBusSpec } from './events/event-bus.provider.js';
export {
  ResourceRegistry,
  ResourceTemplateRegistry,
} from './resource/resource-registries.js';
export type {
  ResourceDefinition,
  ResourceReader,
  ResourceTemplateDefinition,
} from './resource/resource-registries.js';
export { Prompt } from './prompt/prompt.decorator.js';
export type { PromptOptions } from './prompt/prompt-options.interface.js';
export { PromptArguments } from './prompt/prompt-params.decorators.js';
export type { PromptGet } from './prompt/prompt-get.js';
export {
  PromptRegistry,
  type PromptDefinition,
} from './prompt/prompt-registry.js';
export type {
  Completer,
  CompleterFunction,
  Completers,
  CompletionContext,
  CompletionRequest,
} from './completion/completer.js';
export {
  CompletionArguments,
  CompletionValue,
} from './completion/completion-params.decorators.js';
export { ItemRegistry, type UniqueKey } from './item/item-registry.js';
export type { HandlerInvoker, McpItem } from './item/mcp-item.js';
