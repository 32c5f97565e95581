import {
  Controller,
  Delete,
  Get,
  Inject,
  Logger,
  Post,
  Req,
  Res,
  type Type,
  UseGuards,
} from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { ResourceEndpoint } from '@nest-mcp/auth';
import { nodeExchangeOf } from '../platform/node-exchange.js';
import { McpEndpointAuthGuard } from '../security/endpoint-auth.guard.js';
import { jsonRpcError, writeJson } from './http-answer.js';
import { McpHttpHandler } from './mcp-http.handler.js';

const logger = new Logger('McpServer');

/** Creates the controller of the MCP endpoint at `path` (`POST|GET|DELETE`). */
export function createMcpEndpointController(path: string): Type<unknown> {
  @Controller(path)
  @ResourceEndpoint()
  @UseGuards(McpEndpointAuthGuard)
  class McpEndpointController {
    constructor(
      @Inject(McpHttpHandler) private readonly handler: McpHttpHandler,
    ) {}

    @Post()
    post(@Req() request: object, @Res() response: object): Promise<void> {
      const { req, res } = nodeExchangeOf(request, response);
      return answeringFailures(res, () => this.handler.post(req, res, request));
    }

    @Get()
    get(@Req() request: object, @Res() response: object): Promise<void> {
      const { req, res } = nodeExchangeOf(request, response);
      return answeringFailures(res, () =>
        this.handler.getOrDelete(req, res, request),
      );
    }

    @Delete()
    delete(@Req() request: object, @Res() response: object): Promise<void> {
      const { req, res } = nodeExchangeOf(request, response);
      return answeringFailures(res, () =>
        this.handler.getOrDelete(req, res, request),
      );
    }
  }
  return McpEndpointController;
}

/** Runs `run`; an unexpected failure ends the exchange with a generic JSON-RPC error, never a stack trace. */
async function answeringFailures(
  res: ServerResponse,
  run: () => Promise<void>,
): Promise<void> {
  try {
    await run();
  } catch (error) {
    logger.error(
      `MCP request failed: ${(error as { name?: string } | null)?.name ?? 'error'}`,
    );
    if (res.headersSent) {
      res.destroy();
      return;
    }
    writeJson(res, 500, jsonRpcError(-32603, 'Internal error'));
  }
}
