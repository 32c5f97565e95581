import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ANONYMOUS_SUBJECT } from './server-kind.js';

const STRUCTURED = { subject: ANONYMOUS_SUBJECT };
const CONTENT = [{ type: 'text', text: JSON.stringify(STRUCTURED) }];

/**
 * The bench's floor: the same `POST /mcp` JSON-RPC body parsed by Nest, answered with a fixed
 * `whoami` result. No SDK, no auth: the cost every other row pays before its own work.
 */
@Controller('mcp')
export class FloorController {
  @Post()
  @HttpCode(200)
  answer(@Body() body: { id?: unknown } | undefined) {
    return {
      jsonrpc: '2.0',
      id: body?.id ?? null,
      result: { content: CONTENT, structuredContent: STRUCTURED },
    };
  }
}
