import {
  ResourceNotFoundError,
  type ReadResourceResult,
} from '@modelcontextprotocol/server';
import { isPlainObject } from '../item/plain-object.js';

/**
 * Turns a resource handler's return value into a `ReadResourceResult` for `uri`: a result object
 * (with `contents`) passes through; a string becomes text, a `Uint8Array` a base64 blob, any other
 * value its JSON (`application/json` unless `mimeType` says otherwise); `undefined` or `null`
 * means there is no such resource (the SDK's resource-not-found error, MCP 2026-07-28 -32602).
 */
export function toReadResourceResult(
  value: unknown,
  uri: URL,
  mimeType: string | undefined,
): ReadResourceResult {
  if (value === undefined || value === null)
    throw new ResourceNotFoundError(uri.href);
  if (
    isPlainObject(value) &&
    Array.isArray((value as { contents?: unknown }).contents)
  ) {
    return value as ReadResourceResult;
  }
  if (typeof value === 'string')
    return { contents: [{ uri: uri.href, mimeType, text: value }] };
  if (value instanceof Uint8Array) {
    return {
      contents: [
        {
          uri: uri.href,
          mimeType,
          blob: Buffer.from(value).toString('base64'),
        },
      ],
    };
  }
  return {
    contents: [
      {
        uri: uri.href,
        mimeType: mimeType ?? 'application/json',
        text: JSON.stringify(value) ?? '',
      },
    ],
  };
}
