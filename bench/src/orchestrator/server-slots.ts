import type { Era } from '../load/mcp-call.js';
import type { ServerKind } from '../server/server-kind.js';

/** How the requests to a server get their bearer tokens. */
export type TokenMode = 'warm' | 'cold' | 'dpop-warm';

/** One server process of the bench. */
export interface ServerSlot {
  readonly id: string;
  readonly kind: ServerKind;
  /**
   * `warm`: 1,000 tokens cycled; `cold`: every request a token this process never saw;
   * `dpop-warm`: 1,000 DPoP-bound tokens cycled, each request with a fresh proof.
   */
  readonly tokens: TokenMode;
  /** The protocol revision its requests speak: 2025-11-25 (`legacy`) or 2026-07-28 (`modern`). */
  readonly era: Era;
  /** `redis`: the DPoP replay store of `@nest-mcp/redis` on a local `redis-server` (default in memory). */
  readonly replay?: 'redis';
  /** `fastify`: the app on Nest's Fastify platform (default Express). */
  readonly platform?: 'fastify';
}

/** The unauthenticated baseline (it gets the warm tokens too, and ignores them). */
export const BASELINE_SLOT: ServerSlot = {
  id: 'baseline',
  kind: 'baseline',
  tokens: 'warm',
  era: 'legacy',
};

/**
 * The servers of the throughput runs, in the order of the slices of one round (baseline first).
 * Rows the report compares sit side by side (ours with 3 and with 100 items, then the two peers,
 * per era), so that what a slice inherits from the slices before it, caches and memory of a
 * shared machine, is alike for them.
 */
export const SERVER_SLOTS: readonly ServerSlot[] = [
  BASELINE_SLOT,
  { id: 'ours-warm', kind: 'ours', tokens: 'warm', era: 'legacy' },
  { id: 'ours-large-warm', kind: 'ours-large', tokens: 'warm', era: 'legacy' },
  { id: 'mcp-nest', kind: 'mcp-nest-peer', tokens: 'warm', era: 'legacy' },
  { id: 'sdk-v2', kind: 'sdk-v2-peer', tokens: 'warm', era: 'legacy' },
  { id: 'ours-cold', kind: 'ours', tokens: 'cold', era: 'legacy' },
  { id: 'sdk-peer', kind: 'sdk-peer', tokens: 'cold', era: 'legacy' },
  { id: 'auth0-peer', kind: 'auth0-peer', tokens: 'cold', era: 'legacy' },
  { id: 'floor', kind: 'floor', tokens: 'warm', era: 'legacy' },
  { id: 'baseline-modern', kind: 'baseline', tokens: 'warm', era: 'modern' },
  { id: 'ours-warm-modern', kind: 'ours', tokens: 'warm', era: 'modern' },
  {
    id: 'ours-large-warm-modern',
    kind: 'ours-large',
    tokens: 'warm',
    era: 'modern',
  },
  {
    id: 'mcp-nest-modern',
    kind: 'mcp-nest-peer',
    tokens: 'warm',
    era: 'modern',
  },
  { id: 'sdk-v2-modern', kind: 'sdk-v2-peer', tokens: 'warm', era: 'modern' },
  { id: 'ours-cold-modern', kind: 'ours', tokens: 'cold', era: 'modern' },
  {
    id: 'ours-dpop-warm-modern',
    kind: 'ours',
    tokens: 'dpop-warm',
    era: 'modern',
  },
  {
    id: 'ours-dpop-warm-redis-modern',
    kind: 'ours',
    tokens: 'dpop-warm',
    era: 'modern',
    replay: 'redis',
  },
  {
    id: 'ours-warm-fastify',
    kind: 'ours',
    tokens: 'warm',
    era: 'legacy',
    platform: 'fastify',
  },
  {
    id: 'ours-cold-fastify',
    kind: 'ours',
    tokens: 'cold',
    era: 'legacy',
    platform: 'fastify',
  },
  {
    id: 'ours-warm-modern-fastify',
    kind: 'ours',
    tokens: 'warm',
    era: 'modern',
    platform: 'fastify',
  },
  {
    id: 'ours-cold-modern-fastify',
    kind: 'ours',
    tokens: 'cold',
    era: 'modern',
    platform: 'fastify',
  },
];

/** The slot of `SERVER_SLOTS` with this id. */
function slotWithId(id: string): ServerSlot {
  const slot = SERVER_SLOTS.find((candidate) => candidate.id === id);
  if (!slot) throw new Error(`no bench server slot "${id}"`);
  return slot;
}

/** A row of the table: the slices of one server, or one half of the baseline's slices. */
export interface RowSpec {
  readonly label: string;
  readonly slot: ServerSlot;
  /** For the baseline: the slices of the first or the second half of the run. */
  readonly half?: 'first' | 'second';
}

/** The rows, in table order: the baseline's first half first and its second half last. */
export const ROWS: readonly RowSpec[] = [
  {
    label: 'baseline (no auth, 2025 era), first half of the run',
    slot: BASELINE_SLOT,
    half: 'first',
  },
  {
    label: 'floor: bare Nest @Post() with a fixed answer (no SDK, no auth)',
    slot: slotWithId('floor'),
  },
  {
    label: 'ours, 2025 era, warm (1,000 reused tokens)',
    slot: slotWithId('ours-warm'),
  },
  {
    label: 'ours, 2025 era, cold (new token per request)',
    slot: slotWithId('ours-cold'),
  },
  {
    label: 'ours on Fastify, 2025 era, warm (1,000 reused tokens)',
    slot: slotWithId('ours-warm-fastify'),
  },
  {
    label: 'ours on Fastify, 2025 era, cold (new token per request)',
    slot: slotWithId('ours-cold-fastify'),
  },
  {
    label: 'baseline (no auth), MCP 2026-07-28',
    slot: slotWithId('baseline-modern'),
  },
  {
    label: 'ours, MCP 2026-07-28, warm (1,000 reused tokens)',
    slot: slotWithId('ours-warm-modern'),
  },
  {
    label: 'ours, MCP 2026-07-28, cold (new token per request)',
    slot: slotWithId('ours-cold-modern'),
  },
  {
    label: 'ours on Fastify, MCP 2026-07-28, warm (1,000 reused tokens)',
    slot: slotWithId('ours-warm-modern-fastify'),
  },
  {
    label: 'ours on Fastify, MCP 2026-07-28, cold (new token per request)',
    slot: slotWithId('ours-cold-modern-fastify'),
  },
  {
    label:
      'ours, MCP 2026-07-28, DPoP warm (1,000 reused bound tokens, a fresh proof with content_digest per request)',
    slot: slotWithId('ours-dpop-warm-modern'),
  },
  {
    label:
      'ours, MCP 2026-07-28, DPoP warm, replay store on Redis (@nest-mcp/redis, local redis-server)',
    slot: slotWithId('ours-dpop-warm-redis-modern'),
  },
  {
    label:
      'ours, 2025 era, warm, 100 tools + 20 resources, 20 templates, 20 prompts',
    slot: slotWithId('ours-large-warm'),
  },
  {
    label:
      'ours, MCP 2026-07-28, warm, 100 tools + 20 resources, 20 templates, 20 prompts',
    slot: slotWithId('ours-large-warm-modern'),
  },
  {
    label:
      'peer: @rekog/mcp-nest 2.0.5 + jose JWT guard, 2025 era (1,000 reused tokens, each verified)',
    slot: slotWithId('mcp-nest'),
  },
  {
    label:
      'peer: @rekog/mcp-nest 2.0.5 + jose JWT guard, MCP 2026-07-28 (1,000 reused tokens, each verified)',
    slot: slotWithId('mcp-nest-modern'),
  },
  {
    label:
      'peer: SDK v2 requireBearerAuth + jose + createMcpHandler, 2025 era (1,000 reused tokens, each verified)',
    slot: slotWithId('sdk-v2'),
  },
  {
    label:
      'peer: SDK v2 requireBearerAuth + jose + createMcpHandler, MCP 2026-07-28 (1,000 reused tokens, each verified)',
    slot: slotWithId('sdk-v2-modern'),
  },
  {
    label:
      'peer: SDK v1 requireBearerAuth + jose in front of our baseline app (new token per request)',
    slot: slotWithId('sdk-peer'),
  },
  {
    label: 'peer: express-oauth2-jwt-bearer (new token per request)',
    slot: slotWithId('auth0-peer'),
  },
  {
    label: 'baseline (no auth, 2025 era), second half of the run',
    slot: BASELINE_SLOT,
    half: 'second',
  },
];

/**
 * The servers of this run: every slot, or those named in `BENCH_ROWS` (comma-separated slot ids;
 * the baseline always runs). The Redis slot is left out, with `skipped` saying why, when
 * `redis-server` is not installed.
 */
export function selectSlots(
  rowsVariable: string | undefined,
  hasRedisServer: boolean,
): { slots: readonly ServerSlot[]; skipped: string[] } {
  const skipped: string[] = [];
  let slots = SERVER_SLOTS;
  if (rowsVariable) {
    const wanted = new Set(rowsVariable.split(',').map((id) => id.trim()));
    const unknown = [...wanted].filter(
      (id) => !SERVER_SLOTS.some((slot) => slot.id === id),
    );
    if (unknown.length > 0) {
      throw new Error(
        `BENCH_ROWS: unknown row ${unknown.join(', ')}; known: ${SERVER_SLOTS.map((slot) => slot.id).join(', ')}`,
      );
    }
    slots = SERVER_SLOTS.filter(
      (slot) => slot === BASELINE_SLOT || wanted.has(slot.id),
    );
  }
  if (!hasRedisServer && slots.some((slot) => slot.replay === 'redis')) {
    skipped.push(
      'ours-dpop-warm-redis-modern: redis-server is not installed (apt-get install -y redis-server)',
    );
    slots = slots.filter((slot) => slot.replay !== 'redis');
  }
  return { slots, skipped };
}
