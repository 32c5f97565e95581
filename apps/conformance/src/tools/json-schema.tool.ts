import { Injectable } from '@nestjs/common';
import { Tool, ToolInput } from '@nest-mcp/server';
import { z } from 'zod';

/** A schema with an `id` is published once, under `$defs`, and referenced with `$ref`. */
const address = z
  .object({ street: z.string().optional(), city: z.string().optional() })
  .meta({ id: 'address' });

/**
 * A tool whose input schema uses JSON Schema 2020-12 keywords (`$schema`, `$defs` with `$ref`,
 * `additionalProperties: false`), which `tools/list` must publish unchanged (SEP-1613).
 */
@Injectable()
export class JsonSchemaTool {
  @Tool({
    name: 'json_schema_2020_12_tool',
    description: 'Tool with JSON Schema 2020-12 features',
    input: z.strictObject({
      name: z.string().optional(),
      address: address.optional(),
    }),
  })
  echo(@ToolInput() input: Record<string, unknown>) {
    return { received: input };
  }
}
