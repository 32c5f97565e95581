import { z } from 'zod';
import { TOOL_METADATA } from '../mcp-server.constants.js';
import { itemKind, type ItemKind } from '../item/item-kind.js';
import { bootConvertedSchema } from './boot-converted-schema.js';
import type { ToolOptions } from './tool-options.interface.js';
import type { ToolRegistry } from './tool-registry.js';

/** `@Tool()` methods become `ToolDefinition`s, their schemas converted once at boot. */
export function toolKind(registry: ToolRegistry): ItemKind<ToolOptions> {
  return itemKind(TOOL_METADATA, 'tool', registry, ({ options, invoke }) => ({
    name: options.name,
    inputSchema: bootConvertedSchema(options.input ?? z.object({})),
    outputSchema: options.output && bootConvertedSchema(options.output),
    invoke,
  }));
}
