import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps every line (all levels, debug included) for assertions. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];

  private keep = (...parts: unknown[]) => {
    this.lines.push(
      parts
        .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
        .join(' '),
    );
  };

  log = this.keep;
  error = this.keep;
  warn = this.keep;
  debug = this.keep;
  verbose = this.keep;
  fatal = this.keep;
}
