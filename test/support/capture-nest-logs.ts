import { Logger, type LoggerService } from '@nestjs/common';

/** Log lines recorded by `captureNestLogs`, by level. */
export interface CapturedLogs {
  readonly warnings: string[];
  readonly others: string[];
}

/**
 * Routes Nest's static `Logger` (used by `new Logger(context)`) to arrays instead of the console,
 * so a test can assert what was logged. Affects the current test file's module registry only.
 */
export function captureNestLogs(): CapturedLogs {
  const captured: CapturedLogs = { warnings: [], others: [] };
  const record = (into: string[]) => (message: unknown) => {
    into.push(String(message));
  };
  const logger: LoggerService = {
    log: record(captured.others),
    error: record(captured.others),
    warn: record(captured.warnings),
    debug: record(captured.others),
    verbose: record(captured.others),
  };
  Logger.overrideLogger(logger);
  return captured;
}
