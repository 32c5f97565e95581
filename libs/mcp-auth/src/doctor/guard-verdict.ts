import { type ExecutionContext, HttpException } from '@nestjs/common';
import type { AbstractHttpAdapter, HttpAdapterHost } from '@nestjs/core';
import { RequireScopes } from '../decorators/require-scopes.decorator.js';
import type { McpAuthGuard } from '../guard/mcp-auth.guard.js';

/** What the guard answered: accepted, or the status, headers and body of the refusal. */
export interface GuardVerdict {
  readonly accepted: boolean;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/**
 * Runs `McpAuthGuard.canActivate` itself on a request carrying `Authorization: Bearer <token>`
 * for a route that needs `scopes` (as `@RequireScopes()` does), so the verdict is the guard's.
 * The challenge headers it sets are collected through `adapterHost`.
 */
export async function guardVerdict(
  guard: McpAuthGuard,
  adapterHost: HttpAdapterHost,
  token: string,
  scopes: readonly string[],
): Promise<GuardVerdict> {
  const headers: Record<string, string> = {};
  adapterHost.httpAdapter = {
    setHeader: (_response: unknown, name: string, value: string) => {
      headers[name] = value;
    },
  } as unknown as AbstractHttpAdapter;
  class DoctorRoute {}
  if (scopes.length > 0) RequireScopes(...scopes)(DoctorRoute);
  const handler = function doctorRoute() {};
  const authorization = `Bearer ${token}`;
  const request = {
    headers: { authorization },
    rawHeaders: ['Authorization', authorization],
  };
  const response = {};
  const args = [request, response, undefined];
  const context = {
    getClass: () => DoctorRoute,
    getHandler: () => handler,
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
    getType: () => 'http',
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => response,
      getNext: () => undefined,
    }),
    switchToRpc: () => {
      throw new Error('not an RPC context');
    },
    switchToWs: () => {
      throw new Error('not a WebSocket context');
    },
  } as unknown as ExecutionContext;
  try {
    await guard.canActivate(context);
    return { accepted: true, status: 200, headers, body: undefined };
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    return {
      accepted: false,
      status: error.getStatus(),
      headers,
      body: error.getResponse(),
    };
  }
}
