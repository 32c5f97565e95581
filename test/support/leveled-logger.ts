import type { LoggerService } from '@nestjs/common';

/** One line kept by `LeveledLogger`. */
export interface LeveledLine {
  readonly level: 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
  readonly message: string;
}

/** A Nest logger that keeps every line with its level (debug included) for assertions. */
export class LeveledLogger implements LoggerService {
  readonly lines: LeveledLine[] = [];

  private keep =
    (level: LeveledLine['level']) =>
    (message: unknown): void => {
      this.lines.push({ level, message: String(message) });
    };

  log = this.keep('log');
  error = this.keep('error');
  warn = this.keep('warn');
  debug = this.keep('debug');
  verbose = this.keep('verbose');
  fatal = this.keep('fatal');

  /** Everything logged so far, one line each. */
  text(): string {
    return this.lines.map((line) => line.message).join('\n');
  }
}
