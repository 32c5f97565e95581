import type { ServerConfig } from '../server/server-kind.js';
import { freePorts } from './free-port.js';
import type { ServerSlot } from './server-slots.js';
import { startServer, type ServerProcess } from './server-process.js';

/** The bench's servers, each in its own process and on its own port, started together. */
export interface RunningServers {
  /** URL of the MCP endpoint of `slot`. */
  urlOf(slot: ServerSlot): string;
  /** CPU time used so far by the process of `slot`, in microseconds. */
  cpuMicrosOf(slot: ServerSlot): Promise<number>;
  stopAll(): Promise<void>;
}

/** Starts one process per slot; if any fails to start, stops the others and throws. */
export async function startServers(
  slots: readonly ServerSlot[],
  configFor: (port: number, slot: ServerSlot) => ServerConfig,
): Promise<RunningServers> {
  const ports = await freePorts(slots.length);
  const started = await Promise.allSettled(
    slots.map((slot, i) =>
      startServer(slot.kind, configFor(ports[i], slot), slot.id),
    ),
  );
  const processes = started.flatMap((outcome) =>
    outcome.status === 'fulfilled' ? [outcome.value] : [],
  );
  const stopAll = async () => {
    await Promise.all(processes.map((server) => server.stop()));
  };
  const failure = started.find((outcome) => outcome.status === 'rejected');
  if (failure) {
    await stopAll();
    throw (failure as PromiseRejectedResult).reason;
  }
  const byId = new Map<string, ServerProcess>(
    slots.map((slot, i) => [slot.id, processes[i]]),
  );
  return {
    urlOf: (slot) => byId.get(slot.id)!.url,
    cpuMicrosOf: (slot) => byId.get(slot.id)!.cpuMicros(),
    stopAll,
  };
}
