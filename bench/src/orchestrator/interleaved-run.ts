import type { BenchParameters } from '../bench-parameters.js';
import type { TokenMinter } from '../issuer/token-minter.js';
import {
  cyclingTokens,
  singleUseTokens,
  type TokenSource,
} from '../issuer/token-source.js';
import { runLoad } from '../load/load-run.js';
import type { DpopProofSource } from '../issuer/dpop-proofs.js';
import type { ServerConfig } from '../server/server-kind.js';
import { benchRows, type BenchRow } from './bench-rows.js';
import { sliceProblems, type MeasuredSlice } from './row-tally.js';
import { startServers, type RunningServers } from './running-servers.js';
import { assertServerBehaves } from './sanity-check.js';
import { BASELINE_SLOT, type ServerSlot } from './server-slots.js';
import { planSlices, type SlicePlan } from './slice-plan.js';

/** What the throughput part of the bench needs. */
export interface InterleavedContext {
  readonly params: BenchParameters;
  readonly minter: TokenMinter;
  readonly warmTokens: readonly string[];
  /** Bound warm tokens, each request with a fresh proof (the `dpop-warm` servers). */
  readonly dpopTokens: DpopProofSource;
  /** The servers of this run, baseline first (see `selectSlots`). */
  readonly slots: readonly ServerSlot[];
  readonly configFor: (port: number, slot: ServerSlot) => ServerConfig;
  readonly progress: (line: string) => void;
}

/** The rows, and the sizes the run chose from the baseline's speed. */
export interface InterleavedOutcome {
  readonly rows: readonly BenchRow[];
  readonly plan: SlicePlan;
  /** Cold tokens minted; every cold server process uses each of them exactly once. */
  readonly coldTokens: number;
}

/**
 * Starts every server (one process each) and checks it, sizes the slices on the baseline, then
 * runs rounds: each round sends `sliceAmount` requests to each server in `slots` order, one
 * server at a time; the first `warmupRounds` are not measured, and a last baseline slice closes the
 * run. Slow drifts of a shared machine so hit all rows alike, no server gets two slices in a row,
 * and none sits idle for long (a Node server idle for more than about 12 s needs a few thousand
 * requests to get back to speed, so warmups are rounds too).
 */
export async function runInterleaved(
  context: InterleavedContext,
): Promise<InterleavedOutcome> {
  const { params, progress, minter, slots } = context;
  progress(`starting ${slots.length} server processes…`);
  const servers = await startServers(slots, context.configFor);
  try {
    await checkAll(slots, servers, minter, 'before');
    const problems = new Map<ServerSlot, string[]>(
      slots.map((slot) => [slot, []]),
    );
    const slices = new Map<ServerSlot, MeasuredSlice[]>(
      slots.map((slot) => [slot, []]),
    );
    const measure = async (
      slot: ServerSlot,
      tokens: TokenSource,
      amount: number,
      phase: string,
    ): Promise<MeasuredSlice> => {
      const cpuBefore = await servers.cpuMicrosOf(slot);
      const load = await runLoad({
        url: servers.urlOf(slot),
        era: slot.era,
        connections: params.connections,
        tokens,
        amount,
      });
      const serverCpuMicros = (await servers.cpuMicrosOf(slot)) - cpuBefore;
      problems.get(slot)!.push(...sliceProblems(phase, load));
      return { load, serverCpuMicros };
    };

    progress('calibration on the baseline…');
    const plan = await planSlices(
      servers.urlOf(BASELINE_SLOT),
      params,
      context.warmTokens,
    );
    problems.get(BASELINE_SLOT)!.push(...plan.problems);
    progress(
      `baseline at ${plan.rate.toFixed(0)} req/s: slices of ${plan.sliceAmount} requests, ${plan.warmupRounds} warmup rounds, ${plan.rounds} measured rounds`,
    );

    // Cold servers never see a token twice: the warmup pool is minted now, the measured pool in
    // a worker thread during the (unmeasured) warmup rounds.
    const warmupPool = minter.mintMany(
      plan.warmupRounds * plan.sliceAmount,
      'cold-warmup',
    );
    const minting = minter.mintManyInWorker(
      plan.rounds * plan.sliceAmount,
      'cold',
    );
    minting.catch(() => undefined); // awaited below, where a failure surfaces
    const warmTokens = cyclingTokens(context.warmTokens);
    const sourcesOver = (coldPool: readonly string[]) =>
      new Map<ServerSlot, TokenSource>(
        slots.map((slot) => [
          slot,
          slot.tokens === 'cold'
            ? singleUseTokens(coldPool)
            : slot.tokens === 'dpop-warm'
              ? context.dpopTokens
              : warmTokens,
        ]),
      );
    const runRound = async (
      sources: ReadonlyMap<ServerSlot, TokenSource>,
      phase: string,
      record: boolean,
    ) => {
      // Proofs are single-use and short-lived: signed for each round, outside the slices.
      context.dpopTokens.refill(plan.sliceAmount);
      for (const slot of slots) {
        const slice = await measure(
          slot,
          sources.get(slot)!,
          plan.sliceAmount,
          phase,
        );
        if (record) slices.get(slot)!.push(slice);
      }
      progress(`${phase} done`);
    };

    const warmupSources = sourcesOver(warmupPool);
    for (let round = 1; round <= plan.warmupRounds; round++) {
      await runRound(warmupSources, `warmup round ${round}`, false);
    }
    const waitStarted = performance.now();
    const coldPool = await minting;
    const waited = (performance.now() - waitStarted) / 1000;
    if (waited > 1) progress(`waited ${waited.toFixed(1)} s for cold tokens`);
    const sources = sourcesOver(coldPool);
    for (let round = 1; round <= plan.rounds; round++) {
      await runRound(sources, `round ${round}`, true);
    }
    slices
      .get(BASELINE_SLOT)!
      .push(
        await measure(
          BASELINE_SLOT,
          warmTokens,
          plan.sliceAmount,
          'closing slice',
        ),
      );

    await checkAll(slots, servers, minter, 'after');
    for (const slot of slots) {
      if (warmupSources.get(slot)!.reused || sources.get(slot)!.reused) {
        problems
          .get(slot)!
          .push('the cold token pool ran out: a token was reused');
      }
    }
    return {
      rows: benchRows(slices, problems),
      plan,
      coldTokens: warmupPool.length + coldPool.length,
    };
  } finally {
    await servers.stopAll();
  }
}

/** Checks every server's behaviour (see `assertServerBehaves`). */
async function checkAll(
  slots: readonly ServerSlot[],
  servers: RunningServers,
  minter: TokenMinter,
  subject: string,
): Promise<void> {
  for (const slot of slots) {
    await assertServerBehaves(slot, servers.urlOf(slot), minter, subject);
  }
}
