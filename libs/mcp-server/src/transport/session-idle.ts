import type { ServerResponse } from 'node:http';

/**
 * The idle timeout of one stateful session: `expire` runs once no request of the session has been
 * open for `timeoutMs` (an open `GET` stream keeps it alive; that stream ends with its token).
 */
export class SessionIdle {
  private open = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly expire: () => void,
  ) {
    this.arm();
  }

  /** Counts `res` as activity of the session until it closes. */
  during(res: ServerResponse): void {
    if (this.stopped) return;
    this.open++;
    clearTimeout(this.timer);
    this.timer = undefined;
    res.once('close', () => {
      this.open--;
      if (this.open === 0) this.arm();
    });
  }

  /** Stops the timer (the session closed). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      if (this.open === 0) this.expire();
    }, this.timeoutMs);
    this.timer.unref();
  }
}
