import type {
  GetPromptResult,
  PromptMessage,
} from '@modelcontextprotocol/server';
import { isPlainObject } from '../item/plain-object.js';

/**
 * Turns a prompt handler's return value into a `GetPromptResult`: a result object (with
 * `messages`) passes through, an array is the messages, a string is one user text message.
 */
export function toPromptResult(
  value: unknown,
  description: string | undefined,
): GetPromptResult {
  if (
    isPlainObject(value) &&
    Array.isArray((value as { messages?: unknown }).messages)
  ) {
    return { description, ...(value as GetPromptResult) };
  }
  if (Array.isArray(value))
    return { description, messages: value as PromptMessage[] };
  if (typeof value === 'string') {
    return {
      description,
      messages: [{ role: 'user', content: { type: 'text', text: value } }],
    };
  }
  throw new TypeError(
    'a prompt handler must return a GetPromptResult, an array of messages or a string',
  );
}
