import type { LoggerService } from '@nestjs/common';

/** One line a Nest logger received, with its level and context. */
export interface CapturedLine {
  readonly level: string;
  readonly message: string;
  readonly context: string | undefined;
}

/** A Nest logger that keeps every line (debug included) instead of printing it. */
export class CapturedLog implements LoggerService {
  readonly lines: CapturedLine[] = [];

  private keep =
    (level: string) =>
    (message: unknown, ...rest: unknown[]): void => {
      const context = rest.at(-1);
      this.lines.push({
        level,
        message: String(message),
        context: typeof context === 'string' ? context : undefined,
      });
    };

  log = this.keep('log');
  error = this.keep('error');
  warn = this.keep('warn');
  debug = this.keep('debug');
  verbose = this.keep('verbose');
  fatal = this.keep('fatal');
}
