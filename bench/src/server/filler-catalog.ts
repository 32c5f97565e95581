import { Injectable, type Type } from '@nestjs/common';
import { Prompt, Resource, ResourceTemplate, Tool } from '@nest-mcp/server';
import { z } from 'zod';

/** How many items of each kind a filler catalog declares next to `whoami`. */
export interface CatalogSize {
  /** Tools besides `whoami`. */
  readonly tools: number;
  /** Resources, resource templates and prompts, each. */
  readonly others: number;
}

/** The sample's size: `whoami` and two more tools. */
export const SMALL_CATALOG: CatalogSize = { tools: 2, others: 0 };
/** A large server: 100 tools in all, and 20 resources, 20 templates and 20 prompts. */
export const LARGE_CATALOG: CatalogSize = { tools: 99, others: 20 };

const fillerInput = z.object({
  query: z.string().describe('What to look for'),
  limit: z.number().int().positive().optional(),
});

/**
 * A provider declaring `size` filler items through the public decorators, as an application with
 * that many would (each tool with a small input schema), so the bench can show what the number
 * of items costs a `tools/call whoami`.
 */
export function fillerCatalog(size: CatalogSize): Type<unknown> {
  class FillerCatalog {}
  const proto = FillerCatalog.prototype as unknown as Record<string, unknown>;
  const declare = (key: string, decorator: MethodDecorator, value: unknown) => {
    proto[key] = () => value;
    decorator(proto, key, Object.getOwnPropertyDescriptor(proto, key)!);
  };
  const pad = (i: number) => String(i).padStart(3, '0');
  for (let i = 0; i < size.tools; i++) {
    declare(
      `tool${pad(i)}`,
      Tool({
        name: `filler_tool_${pad(i)}`,
        description: `Filler tool ${i}: searches nothing in particular.`,
        input: fillerInput,
        annotations: { readOnlyHint: true },
      }),
      { found: 0 },
    );
  }
  for (let i = 0; i < size.others; i++) {
    declare(
      `resource${pad(i)}`,
      Resource({
        uri: `filler://resource/${pad(i)}`,
        name: `filler_resource_${pad(i)}`,
        mimeType: 'text/plain',
      }),
      `resource ${i}`,
    );
    declare(
      `template${pad(i)}`,
      ResourceTemplate({
        uriTemplate: `filler://template${pad(i)}/{id}`,
        name: `filler_template_${pad(i)}`,
        mimeType: 'text/plain',
      }),
      `template ${i}`,
    );
    declare(
      `prompt${pad(i)}`,
      Prompt({
        name: `filler_prompt_${pad(i)}`,
        description: `Filler prompt ${i}`,
        arguments: z.object({ topic: z.string() }),
      }),
      `Say something about the topic (${i}).`,
    );
  }
  Injectable()(FillerCatalog);
  return FillerCatalog;
}
