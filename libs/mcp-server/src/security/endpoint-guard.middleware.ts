import {
  Inject,
  Injectable,
  type NestMiddleware,
  type OnModuleInit,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MCP_SERVER_RESOLVED_OPTIONS } from '../mcp-server.constants.js';
import type { ResolvedMcpServerOptions } from '../mcp-server-options.interface.js';
import { AuthBridge } from '../transport/auth-bridge.js';
import { jsonRpcError } from '../transport/json-rpc-messages.js';
import { OriginPolicy } from './allowed-origins.js';

/** Request headers a browser-based MCP client may send (CORS preflight). */
const ALLOWED_HEADERS =
  'Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID';
/** Response headers a browser-based MCP client must be able to read. */
const EXPOSED_HEADERS =
  'WWW-Authenticate, Mcp-Session-Id, Mcp-Protocol-Version';

/**
 * Runs before guards on the MCP endpoint: refuses a foreign `Origin` (403), answers CORS for allowed
 * origins (preflight without authentication; `WWW-Authenticate` and `Mcp-Session-Id` exposed), and
 * refuses a body larger than `maxBodyBytes` by its `Content-Length` (413).
 */
@Injectable()
export class McpEndpointMiddleware implements NestMiddleware, OnModuleInit {
  private policy!: OriginPolicy;

  constructor(
    @Inject(MCP_SERVER_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpServerOptions,
    private readonly bridge: AuthBridge,
  ) {}

  onModuleInit(): void {
    this.policy = new OriginPolicy(
      this.options.allowedOrigins,
      this.bridge.auth?.options.resource,
    );
  }

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!this.policy.allows(origin)) {
        return reply(
          res,
          403,
          jsonRpcError(-32000, 'Forbidden: origin not allowed'),
        );
      }
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      if (req.method === 'OPTIONS') {
        res.setHeader(
          'Access-Control-Allow-Methods',
          'GET, POST, DELETE, OPTIONS',
        );
        res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', '86400');
        res.statusCode = 204;
        res.end();
        return;
      }
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > this.options.maxBodyBytes) {
      return reply(res, 413, jsonRpcError(-32000, 'Request body too large'));
    }
    next();
  }
}

function reply(res: ServerResponse, status: number, body: object): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}
