import type { ServerKind } from '../server/server-kind.js';

/** How the requests to a server get their bearer tokens. */
export type TokenMode = 'warm' | 'cold';

/** One server process of the bench. */
export interface ServerSlot {
  readonly id: string;
  readonly kind: ServerKind;
  /** `warm`: 1,000 tokens cycled; `cold`: every request a token this process never saw. */
  readonly tokens: TokenMode;
}

/** The unauthenticated baseline (it gets the warm tokens too, and ignores them). */
export const BASELINE_SLOT: ServerSlot = {
  id: 'baseline',
  kind: 'baseline',
  tokens: 'warm',
};

/** The servers of the throughput runs, in the order of the slices of one round (baseline first). */
export const SERVER_SLOTS: readonly ServerSlot[] = [
  BASELINE_SLOT,
  { id: 'ours-warm', kind: 'ours', tokens: 'warm' },
  { id: 'ours-cold', kind: 'ours', tokens: 'cold' },
  { id: 'sdk-peer', kind: 'sdk-peer', tokens: 'cold' },
  { id: 'auth0-peer', kind: 'auth0-peer', tokens: 'cold' },
];

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
    label: 'baseline (no auth), first half of the run',
    slot: BASELINE_SLOT,
    half: 'first',
  },
  { label: 'ours, warm (1,000 reused tokens)', slot: SERVER_SLOTS[1] },
  { label: 'ours, cold (new token per request)', slot: SERVER_SLOTS[2] },
  {
    label: 'peer: SDK requireBearerAuth + jose (new token per request)',
    slot: SERVER_SLOTS[3],
  },
  {
    label: 'peer: express-oauth2-jwt-bearer (new token per request)',
    slot: SERVER_SLOTS[4],
  },
  {
    label: 'baseline (no auth), second half of the run',
    slot: BASELINE_SLOT,
    half: 'second',
  },
];
