import type { Provider } from '@nestjs/common';
import { MCP_AUTH_RESOLVED_OPTIONS } from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import { DPOP_REPLAY_STORE } from './dpop-replay-store.js';
import { InMemoryDpopReplayStore } from './in-memory-dpop-replay-store.js';

/** The module's default `DPOP_REPLAY_STORE`: in this process, sized by the options. */
export const inMemoryDpopReplayStoreProvider: Provider = {
  provide: DPOP_REPLAY_STORE,
  inject: [MCP_AUTH_RESOLVED_OPTIONS],
  useFactory: (options: ResolvedMcpAuthOptions) =>
    new InMemoryDpopReplayStore({
      maxEntries: options.dpopReplayCacheSize,
      maxPerKey: options.dpopReplayKeyQuota,
      maxPerIdentity: options.dpopReplayIdentityQuota,
    }),
};
