import type { McpEvent } from '@nest-mcp/server';

/** Version of the message format on the channel. */
const VERSION = 1;

const LIST_CHANGES: ReadonlySet<string> = new Set([
  'tools_list_changed',
  'prompts_list_changed',
  'resources_list_changed',
]);

/** One event on the channel, with the bus it comes from (so that a replica skips its own). */
export interface EventMessage {
  readonly from: string;
  readonly event: McpEvent;
}

/** The channel message of `event`, published by the bus `from`. */
export function encodeEventMessage(from: string, event: McpEvent): string {
  return JSON.stringify({ v: VERSION, from, event });
}

/**
 * The event in a channel message, rebuilt from its known fields only (the target included, so that
 * per-identity delivery holds on every replica); `undefined` for anything else.
 */
export function decodeEventMessage(message: string): EventMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || parsed.v !== VERSION) return undefined;
  const { from, event } = parsed;
  if (typeof from !== 'string' || !isRecord(event)) return undefined;
  const target = targetOf(event.target);
  const params = event.params;
  if (target === null || (params !== undefined && !isRecord(params)))
    return undefined;
  const extra = {
    ...(target && { target }),
    ...(params && { params }),
  };
  if (event.kind === 'resource_updated') {
    if (typeof event.uri !== 'string') return undefined;
    return { from, event: { kind: event.kind, uri: event.uri, ...extra } };
  }
  if (typeof event.kind === 'string' && LIST_CHANGES.has(event.kind)) {
    const kind = event.kind as Exclude<McpEvent['kind'], 'resource_updated'>;
    return { from, event: { kind, ...extra } };
  }
  return undefined;
}

/** The target of an event: `undefined` when none, `null` when malformed. */
function targetOf(value: unknown): McpEvent['target'] | null {
  if (value === undefined) return undefined;
  if (!isRecord(value) || typeof value.subject !== 'string') return null;
  if (value.issuer === undefined) return { subject: value.subject };
  if (typeof value.issuer !== 'string') return null;
  return { subject: value.subject, issuer: value.issuer };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
