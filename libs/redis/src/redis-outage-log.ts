import { Logger } from '@nestjs/common';

/** Longest part of an error message written to the log. */
const LONGEST_MESSAGE = 200;

/**
 * Logs a Redis outage once when it starts (a warning naming the error) and once when Redis
 * answers again, not once per request. Only the error's name and message are written: never a
 * key, a proof or a token.
 */
export class RedisOutageLog {
  private down = false;

  constructor(
    private readonly what: string,
    private readonly logger = new Logger('McpRedis'),
  ) {}

  /** Redis answered; `note` (no secret) is added to the line that says so. */
  up(note?: string): void {
    if (!this.down) return;
    this.down = false;
    this.logger.log(
      `${this.what}: Redis answers again${note ? ` (${note})` : ''}`,
    );
  }

  /** Redis failed to answer with `error`. */
  failed(error: unknown, consequence: string): void {
    if (this.down) return;
    this.down = true;
    const text =
      error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
    this.logger.warn(
      `${this.what}: Redis is unavailable (${text.replace(/\s+/g, ' ').slice(0, LONGEST_MESSAGE)}); ${consequence} until it answers again`,
    );
  }

  /** Whether an outage is going on (for tests and health checks). */
  get unavailable(): boolean {
    return this.down;
  }
}
