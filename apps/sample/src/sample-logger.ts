import { ConsoleLogger } from '@nestjs/common';

/**
 * Nest's console logger, coloured only on a terminal: no ANSI codes in files, pipes, containers'
 * log collectors, or when `NO_COLOR` is set (https://no-color.org).
 */
export function sampleLogger(
  output: { isTTY?: boolean },
  env: NodeJS.ProcessEnv,
): ConsoleLogger {
  return new ConsoleLogger({
    colors: output.isTTY === true && !env.NO_COLOR,
  });
}
