/** `@nest-mcp/server`: MCP tools as decorated Nest providers, served through the official SDK. */
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
export { Tool } from './tool/tool.decorator.js';
export type { ToolOptions } from './tool/tool-options.interface.js';
export {
  ToolExtra,
  ToolInput,
  ToolProgress,
} from './tool/tool-params.decorators.js';
export type { ProgressReporter } from './tool/tool-progress.js';
export type { ToolCall } from './tool/tool-call.js';
export { ToolRegistry, type ToolDefinition } from './tool/tool-registry.js';
