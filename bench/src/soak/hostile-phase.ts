import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReplicaProcess } from '../replicas/replica-process.js';
import type { HostileOutcome } from './hostile-report.js';
import { floodAsHostileTenant, type FloodTarget } from './hostile-tenant.js';
import { probeNeighbours } from './neighbours.js';

/**
 * The hostile-tenant phase, at least `minimumMs` long: the tenant floods, other identities use
 * what it floods while it holds it, the replicas' memory is sampled with everything still held,
 * then the tenant's listen streams close.
 */
export async function runHostileTenant(
  target: FloodTarget,
  replicas: readonly ReplicaProcess[],
  minimumMs: number,
): Promise<HostileOutcome> {
  const startedAt = performance.now();
  const loadAtStart = loadavg()[0];
  const flood = await floodAsHostileTenant(target);
  try {
    const neighbours = await probeNeighbours(target);
    const left = minimumMs - (performance.now() - startedAt);
    if (left > 0) await sleep(left);
    const memory = await Promise.all(replicas.map((r) => r.memory()));
    return {
      flood: flood.outcomes,
      neighbours,
      replicas: replicas.map((r) => r.name),
      memory,
      load: [loadAtStart, loadavg()[0]],
    };
  } finally {
    flood.release();
  }
}
