import { connect, type Socket } from 'node:net';

/** What the slow clients of one kind saw. */
export interface SlowClientOutcome {
  readonly opened: number;
  /** Closed by the server (the proxy's client timeouts) before the phase ended. */
  readonly closedByServer: number;
  /** HTTP status each closed connection got before closing (`none`: closed without an answer). */
  readonly statuses: Readonly<Record<string, number>>;
  /** Longest time a slow connection stayed open before the server closed it, in ms. */
  readonly longestHeldMs: number;
}

/** Slow clients trickling request headers, and slow clients trickling request bodies. */
export interface SlowClientsOutcome {
  readonly headers: SlowClientOutcome;
  readonly bodies: SlowClientOutcome;
}

/**
 * Slowloris-style clients against `origin`: `headerClients` connections that send request headers
 * one line every `intervalMs` and never finish them, and `bodyClients` that send complete headers
 * announcing a 100 kB body and then trickle 16 bytes every `intervalMs`. Bounded: at most those
 * connections, destroyed by `stop()`.
 */
export function startSlowClients(
  origin: string,
  token: string,
  headerClients: number,
  bodyClients: number,
  intervalMs: number,
): { stop(): SlowClientsOutcome } {
  const target = new URL(origin);
  const host = `Host: ${target.host}\r\n`;
  const timers: NodeJS.Timeout[] = [];
  let stopping = false;
  const group = (count: number, first: string, drip: (n: number) => string) => {
    const sockets: Socket[] = [];
    const statuses: Record<string, number> = {};
    let closedByServer = 0;
    let longestHeldMs = 0;
    for (let i = 0; i < count; i++) {
      const socket = connect(Number(target.port), target.hostname);
      const openedAt = performance.now();
      let answer = '';
      socket.setNoDelay(true);
      socket.on('data', (chunk: Buffer) => {
        answer += chunk.toString('latin1');
      });
      socket.on('error', () => undefined);
      socket.once('close', () => {
        if (stopping) return;
        closedByServer += 1;
        longestHeldMs = Math.max(longestHeldMs, performance.now() - openedAt);
        const status = /^HTTP\/1\.\d (\d{3})/.exec(answer)?.[1] ?? 'none';
        statuses[status] = (statuses[status] ?? 0) + 1;
      });
      socket.write(first);
      let n = 0;
      timers.push(
        setInterval(() => {
          if (!socket.destroyed) socket.write(drip(n++));
        }, intervalMs),
      );
      sockets.push(socket);
    }
    return () => {
      for (const socket of sockets) socket.destroy();
      return { opened: count, closedByServer, statuses, longestHeldMs };
    };
  };
  const headers = group(
    headerClients,
    `POST /mcp HTTP/1.1\r\n${host}`,
    (n) => `X-Slow-${n}: ${'a'.repeat(8)}\r\n`,
  );
  const bodies = group(
    bodyClients,
    `POST /mcp HTTP/1.1\r\n${host}Authorization: Bearer ${token}\r\n` +
      'Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n' +
      'Content-Length: 100000\r\n\r\n{"jsonrpc":"2.0",',
    () => `"pad":"${'x'.repeat(8)}",`,
  );
  return {
    stop() {
      stopping = true;
      for (const timer of timers) clearInterval(timer);
      return { headers: headers(), bodies: bodies() };
    },
  };
}
