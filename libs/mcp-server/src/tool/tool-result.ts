import type { CallToolResult } from '@modelcontextprotocol/server';
import { failureMessage } from '../item/handler-failure.js';
import { isPlainObject } from '../item/plain-object.js';

/**
 * Turns a handler's return value into a `CallToolResult`: a result object passes through; a plain
 * object becomes `structuredContent` plus its JSON as text; anything else becomes text.
 */
export function toToolResult(value: unknown): CallToolResult {
  if (isCallToolResult(value)) return value;
  if (value === undefined || value === null) return { content: [] };
  if (typeof value === 'string')
    return { content: [{ type: 'text', text: value }] };
  const text = JSON.stringify(value) ?? '';
  if (typeof value === 'object' && !Array.isArray(value)) {
    // A JSON round trip turns class instances (with toJSON) into the plain object clients receive.
    return {
      content: [{ type: 'text', text }],
      structuredContent: JSON.parse(text),
    };
  }
  return { content: [{ type: 'text', text }] };
}

/** Turns an error thrown by a tool (or its guards, pipes, interceptors) into an `isError` result (see `failureMessage`). */
export function toToolError(toolName: string, error: unknown): CallToolResult {
  return {
    isError: true,
    content: [
      { type: 'text', text: failureMessage(`Tool "${toolName}"`, error) },
    ],
  };
}

function isCallToolResult(value: unknown): value is CallToolResult {
  return (
    isPlainObject(value) &&
    Array.isArray((value as { content?: unknown }).content)
  );
}
