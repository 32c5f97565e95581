import {
  Inject,
  Injectable,
  type NestMiddleware,
  type OnModuleInit,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MCP_SERVER_RESOLVED_OPTIONS } from '../mcp-server.constants.js';
import type { ResolvedMcpServerOptions } from '../mcp-server-options.interface.js';
import { AuthConnection } from '../transport/auth-connection.js';
import { jsonRpcError, writeJson } from '../transport/http-answer.js';
import { OriginPolicy } from './allowed-origins.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

/**
 * Request headers a browser-based MCP client may send (CORS preflight), the MCP 2026-07-28
 * `Mcp-Method` and `Mcp-Name` included; `Mcp-Param-*` headers are allowed as requested.
 */
const ALLOWED_HEADERS =
  'Authorization, DPoP, Content-Type, Accept, Mcp-Protocol-Version, Mcp-Method, Mcp-Name, Mcp-Session-Id, Last-Event-ID';
/** An `Mcp-Param-<name>` header (MCP 2026-07-28, tool parameters mirrored into headers). */
const PARAM_HEADER = /^mcp-param-[a-z0-9_.-]+$/i;
/** Response headers a browser-based MCP client must be able to read. */
const EXPOSED_HEADERS =
  'WWW-Authenticate, DPoP-Nonce, Mcp-Session-Id, Mcp-Protocol-Version';

/**
 * Runs before guards on the MCP endpoint: refuses a foreign `Origin` (403), answers CORS for allowed
 * origins (preflight without authentication; `WWW-Authenticate` and `Mcp-Session-Id` exposed), and
 * refuses a body larger than `maxBodyBytes` by its `Content-Length` (413), and a parsed JSON body
 * nested deeper than `MAX_JSON_DEPTH` levels (400, JSON-RPC parse error).
 */
@Injectable()
export class McpEndpointMiddleware implements NestMiddleware, OnModuleInit {
  private policy!: OriginPolicy;

  constructor(
    @Inject(MCP_SERVER_RESOLVED_OPTIONS)
    private readonly options: ResolvedMcpServerOptions,
    private readonly auth: AuthConnection,
  ) {}

  onModuleInit(): void {
    this.policy = new OriginPolicy(
      this.options.allowedOrigins,
      this.auth.port?.resource,
    );
  }

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!this.policy.allows(origin)) {
        return writeJson(
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
        res.setHeader(
          'Access-Control-Allow-Headers',
          allowedHeaders(req.headers['access-control-request-headers']),
        );
        res.setHeader('Access-Control-Max-Age', '86400');
        res.statusCode = 204;
        res.end();
        return;
      }
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > this.options.maxBodyBytes) {
      return writeJson(
        res,
        413,
        jsonRpcError(-32000, 'Request body too large'),
      );
    }
    const { body } = req as { body?: unknown };
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      return writeJson(
        res,
        400,
        jsonRpcError(
          -32700,
          `Parse error: JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
        ),
      );
    }
    next();
  }
}

/** The fixed list, plus the `Mcp-Param-*` headers the preflight asks for (no wildcard covers them). */
function allowedHeaders(requested: string | undefined): string {
  if (!requested) return ALLOWED_HEADERS;
  const params = requested
    .split(',')
    .map((name) => name.trim())
    .filter((name) => PARAM_HEADER.test(name));
  return params.length > 0
    ? `${ALLOWED_HEADERS}, ${params.join(', ')}`
    : ALLOWED_HEADERS;
}
