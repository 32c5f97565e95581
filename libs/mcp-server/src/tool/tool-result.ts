import { HttpException, Logger } from '@nestjs/common';
import type { CallToolResult } from '@modelcontextprotocol/server';

const logger = new Logger('McpServer');

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

/**
 * Turns an error thrown by a tool (or its guards, pipes, interceptors) into an `isError` result.
 * `HttpException` messages are shown; anything else becomes a generic text and is logged by name
 * and message only, never with a stack in the result.
 */
export function toToolError(toolName: string, error: unknown): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: describe(toolName, error) }],
  };
}

function describe(toolName: string, error: unknown): string {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : ((response as { message?: unknown }).message ?? error.message);
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  const name = (error as { name?: unknown } | null)?.name;
  logger.error(
    `Tool "${toolName}" failed: ${typeof name === 'string' ? name : 'error'}: ${
      (error as { message?: unknown } | null)?.message ?? String(error)
    }`,
  );
  return `Tool "${toolName}" failed`;
}

function isCallToolResult(value: unknown): value is CallToolResult {
  return (
    isPlainObject(value) &&
    Array.isArray((value as { content?: unknown }).content)
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
