import type { InjectionToken, Provider } from '@nestjs/common';
import { MCP_AUTH_RESOLVED_OPTIONS } from '../mcp-auth.constants.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import {
  DPOP_REPLAY_STORE,
  type DpopReplaySettings,
  type DpopReplayStore,
} from './dpop-replay-store.js';
import { InMemoryDpopReplayStore } from './in-memory-dpop-replay-store.js';

/**
 * The `dpopReplayStore` extra of `McpAuthModule.forRoot()` / `forRootAsync()`: builds the store
 * shared by replicas (e.g. `@nest-mcp/redis`) from the resolved replay settings and the providers
 * named in `inject`, which must be visible to the module (a global module, or `imports`).
 *
 * @publicApi
 */
export interface DpopReplayStoreSpec {
  /** Providers passed to `useFactory` after the settings. */
  readonly inject?: InjectionToken[];
  /** The store, from the settings and the injected providers. */
  useFactory(
    settings: DpopReplaySettings,
    // Nest's own provider factories take any injected value.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    ...injected: any[]
  ): DpopReplayStore | Promise<DpopReplayStore>;
}

/** The replay settings of the resolved options. */
export function dpopReplaySettingsOf(
  options: ResolvedMcpAuthOptions,
): DpopReplaySettings {
  return {
    maxEntries: options.dpopReplayCacheSize,
    maxPerKey: options.dpopReplayKeyQuota,
    maxPerIdentity: options.dpopReplayIdentityQuota,
    proofWindowSeconds: options.dpopProofWindowSeconds,
  };
}

/** The module's default `DPOP_REPLAY_STORE`: in this process, sized by the options. */
export const inMemoryDpopReplayStoreProvider: Provider = {
  provide: DPOP_REPLAY_STORE,
  inject: [MCP_AUTH_RESOLVED_OPTIONS],
  useFactory: (options: ResolvedMcpAuthOptions) =>
    new InMemoryDpopReplayStore(dpopReplaySettingsOf(options)),
};

/** `DPOP_REPLAY_STORE` from the `dpopReplayStore` extra (registered after, so it replaces the default). */
export function dpopReplayStoreProvider(spec: DpopReplayStoreSpec): Provider {
  return {
    provide: DPOP_REPLAY_STORE,
    inject: [MCP_AUTH_RESOLVED_OPTIONS, ...(spec.inject ?? [])],
    useFactory: (options: ResolvedMcpAuthOptions, ...injected: unknown[]) =>
      spec.useFactory(dpopReplaySettingsOf(options), ...injected),
  };
}
