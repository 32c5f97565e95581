import { HttpException, Logger } from '@nestjs/common';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';

const logger = new Logger('McpServer');

/**
 * What the client is told of an error thrown by a handler (or its guards, pipes, interceptors)
 * serving `what` (`Tool "add_note"`): an `HttpException`'s message is shown; anything else becomes
 * `<what> failed` and is logged by name and message only, never with a stack.
 */
export function failureMessage(what: string, error: unknown): string {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : ((response as { message?: unknown }).message ?? error.message);
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  const name = (error as { name?: unknown } | null)?.name;
  logger.error(
    `${what} failed: ${typeof name === 'string' ? name : 'error'}: ${
      (error as { message?: unknown } | null)?.message ?? String(error)
    }`,
  );
  return `${what} failed`;
}

/**
 * The JSON-RPC error for a failed resource read, prompt get or completion: an SDK `ProtocolError`
 * passes through; an `HttpException` is invalid params with its message (`notFound` for a 404,
 * when given); anything else is an internal error with a generic message.
 */
export function toProtocolError(
  what: string,
  error: unknown,
  notFound?: () => ProtocolError,
): ProtocolError {
  if (error instanceof ProtocolError) return error;
  if (notFound && error instanceof HttpException && error.getStatus() === 404)
    return notFound();
  const message = failureMessage(what, error);
  return new ProtocolError(
    error instanceof HttpException
      ? ProtocolErrorCode.InvalidParams
      : ProtocolErrorCode.InternalError,
    message,
  );
}
