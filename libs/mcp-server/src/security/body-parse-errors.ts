import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonRpcError, writeJson } from '../transport/http-answer.js';

/** What a body parser (Express's `body-parser`) passes on when it cannot take a body. */
interface BodyParserError {
  readonly status?: unknown;
  readonly type?: unknown;
}

/**
 * An Express error handler for the MCP endpoint, mounted after the application's body parser: a
 * body the parser cannot take is answered as JSON-RPC, never as a 5xx and without echoing it
 * (invalid JSON: 400 with `-32700 Parse error`; too large, bad charset or encoding: that 4xx
 * status). Anything else goes on to the application's own error handling.
 */
export function bodyParseErrorHandler() {
  return (
    error: unknown,
    _req: IncomingMessage,
    res: ServerResponse,
    next: (error: unknown) => void,
  ): void => {
    const { status, type } = (error ?? {}) as BodyParserError;
    if (
      typeof type !== 'string' ||
      typeof status !== 'number' ||
      status < 400 ||
      status > 499 ||
      res.headersSent
    ) {
      return next(error);
    }
    if (type === 'entity.parse.failed')
      return writeJson(res, 400, jsonRpcError(-32700, 'Parse error'));
    writeJson(
      res,
      status,
      jsonRpcError(
        -32000,
        status === 413 ? 'Request body too large' : 'Request body not readable',
      ),
    );
  };
}
