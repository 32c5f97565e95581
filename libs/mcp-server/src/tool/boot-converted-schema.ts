import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';

type Converter = StandardSchemaWithJSON['~standard']['jsonSchema'];
type Options = Parameters<Converter['input']>[0];

/**
 * `schema` with its JSON Schema conversions done once, at boot: SDK v2 builds a server per
 * request and would otherwise convert each tool's Zod schema again for every `tools/list` and
 * every 2026-07-28 `tools/call` (its `Mcp-Param-*` check). Validation stays the schema's own.
 */
export function bootConvertedSchema<T extends StandardSchemaWithJSON>(
  schema: T,
): T {
  const standard = schema['~standard'];
  const memo = new Map<string, Record<string, unknown>>();
  const convert =
    (io: 'input' | 'output') =>
    (options: Options): Record<string, unknown> => {
      const key = `${io} ${String(options.target)}`;
      let converted = memo.get(key);
      if (!converted) {
        converted = Object.freeze(standard.jsonSchema[io](options));
        memo.set(key, converted);
      }
      return converted;
    };
  const jsonSchema: Converter = {
    input: convert('input'),
    output: convert('output'),
  };
  // Warm the conversion MCP 2026-07-28 and the 2025 era both use (JSON Schema 2020-12).
  jsonSchema.input({ target: 'draft-2020-12' });
  return {
    '~standard': { ...standard, jsonSchema },
  } as unknown as T;
}
