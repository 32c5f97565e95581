import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Injectable,
  Module,
  type Type,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  type McpContext,
  McpController,
  McpHttpControllerFor,
  McpStrategy,
  StreamableHttpTransport,
  Tool,
} from '@rekog/mcp-nest';
import type { Request, Response } from 'express';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { ServerConfig } from './server-kind.js';
import { TOOL_NAME } from './server-kind.js';

/** What `@rekog/mcp-nest`'s peer server needs: a listening Nest app with its strategy started. */
export interface PeerApp {
  close(): Promise<void>;
}

/**
 * The JWT guard of `@rekog/mcp-nest`'s external authorization server guide: jose's
 * `createRemoteJWKSet` (fetched once, cached) and `jwtVerify` of every token's signature, issuer
 * and expiry, 401 with `WWW-Authenticate` pointing at the metadata otherwise. The audience and
 * algorithm are pinned as well (the guide leaves them to the deployment), as every row does.
 */
function jwtGuard(config: ServerConfig): Type<CanActivate> {
  const jwks = createRemoteJWKSet(new URL(config.jwksUri));
  const challenge = `Bearer resource_metadata="${new URL('/.well-known/oauth-protected-resource/mcp', config.resource).href}"`;
  @Injectable()
  class JwksAuthGuard implements CanActivate {
    async canActivate(context: ExecutionContext): Promise<boolean> {
      const http = context.switchToHttp();
      const req = http.getRequest<Request & { user?: JWTPayload }>();
      const [type, token] = req.headers.authorization?.split(' ') ?? [];
      try {
        if (type !== 'Bearer' || !token) throw new Error('no token');
        const { payload } = await jwtVerify(token, jwks, {
          issuer: config.issuer,
          audience: config.resource,
          algorithms: ['RS256'],
        });
        req.user = payload;
        return true;
      } catch {
        http.getResponse<Response>().setHeader('WWW-Authenticate', challenge);
        throw new UnauthorizedException();
      }
    }
  }
  return JwksAuthGuard;
}

/** The bench tool as an `@McpController()`: the subject the guard verified. */
@McpController()
class WhoamiController {
  @Tool({
    name: TOOL_NAME,
    description: 'Show the subject of the access token of this call.',
    annotations: { readOnlyHint: true },
  })
  whoami(@Payload() _input: unknown, @Ctx() ctx: McpContext) {
    const user = ctx.getRawRequest<{ user?: JWTPayload }>()?.user;
    const result = { subject: String(user?.sub) };
    return {
      content: [{ type: 'text', text: JSON.stringify(result) }],
      structuredContent: result,
    };
  }
}

/**
 * `@rekog/mcp-nest` 2.0.5 as its README and guides wire it: an `McpStrategy` with a stateless
 * `StreamableHttpTransport` (JSON answers for 2025-era requests, `responseMode: 'auto'` for
 * 2026-07-28), the endpoint a Nest controller (`McpHttpControllerFor`) behind the JWT guard.
 */
export async function startMcpNestPeer(config: ServerConfig): Promise<PeerApp> {
  const transport = new StreamableHttpTransport();
  const strategy = new McpStrategy({
    name: 'mcp-nest-bench',
    version: '0.0.0',
    transports: [transport],
    logging: false,
  });
  @Controller('mcp')
  @UseGuards(jwtGuard(config))
  class McpHttpController extends McpHttpControllerFor(transport) {}

  @Module({ controllers: [McpHttpController, WhoamiController] })
  class PeerModule {}

  const app = await NestFactory.create(PeerModule, {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  strategy.setHttpAdapter(app.getHttpAdapter());
  app.connectMicroservice({ strategy });
  await app.startAllMicroservices();
  await app.listen(config.port, '127.0.0.1');
  return app;
}
