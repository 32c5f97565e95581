import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Lowest port `freePort` picks: above the well-known and most registered service ports. */
const LOWEST = 10_000;

/**
 * A TCP port that was free on 127.0.0.1 a moment ago, chosen at random below the system's
 * ephemeral range where it is known (Linux): outgoing connections and `listen(0)` servers of
 * parallel suites take their ports from that range, so they cannot take this one meanwhile.
 */
export async function freePort(): Promise<number> {
  const below = ephemeralStart();
  if (below === undefined || below - LOWEST < 1_000) return listenOn(0);
  for (;;) {
    const port = LOWEST + Math.floor(Math.random() * (below - LOWEST));
    try {
      return await listenOn(port);
    } catch (error) {
      if (!isAddressInUse(error)) throw error;
    }
  }
}

/** Opens and closes a server on `port` (0: any); the port it had. */
function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as { port: number };
      server.close(() => resolve(bound));
    });
  });
}

/** The first port of the ephemeral range (`ip_local_port_range`), when the system tells it. */
function ephemeralStart(): number | undefined {
  try {
    const [first] = readFileSync(
      '/proc/sys/net/ipv4/ip_local_port_range',
      'utf8',
    )
      .trim()
      .split(/\s+/)
      .map(Number);
    return Number.isInteger(first) ? first : undefined;
  } catch {
    return undefined;
  }
}

/** Attempts of `onFreePort` before a port clash is given up on. */
const PORT_ATTEMPTS = 5;

/**
 * Runs `start` on a free port, and again on another one when the port was taken meanwhile
 * (`EADDRINUSE`: suites run in parallel, and a port free a moment ago may be another's now).
 * `start` must release what it started before it throws.
 */
export async function onFreePort<T>(
  start: (port: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (attempt >= PORT_ATTEMPTS || !isAddressInUse(error)) throw error;
    }
  }
}

function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}
