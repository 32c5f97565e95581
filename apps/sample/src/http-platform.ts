import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** The environment variable choosing the sample's HTTP platform. */
export const HTTP_ADAPTER_ENV = 'MCP_HTTP_ADAPTER';

/** The HTTP platforms the sample runs on (Nest's `getType()` names). */
export type SampleHttpAdapter = 'express' | 'fastify';

/** The largest request body the sample parses (bytes), on either platform. */
export const SAMPLE_BODY_LIMIT = 1024 * 1024;

/**
 * The platform named by `MCP_HTTP_ADAPTER`: `express` (the default) or `fastify`. Any other value
 * stops the start, naming the variable.
 */
export function httpAdapterFrom(env: NodeJS.ProcessEnv): SampleHttpAdapter {
  const raw = env[HTTP_ADAPTER_ENV]?.trim();
  if (!raw) return 'express';
  if (raw === 'express' || raw === 'fastify') return raw;
  throw new Error(
    `${HTTP_ADAPTER_ENV} must be "express" or "fastify", not ${JSON.stringify(raw.slice(0, 40))}`,
  );
}

/** What the sample's application needs from either platform. */
export interface SampleAppOptions {
  readonly logger: LoggerService | false;
  /** Express's `trust proxy`, Fastify's `trustProxy` (the same values: hops, names, subnets). */
  readonly trustProxy?: boolean | number | string;
}

/**
 * Creates the application of `module` on `adapter` with the same settings on both: the exact
 * body bytes kept (`rawBody`, for the `content_digest` of DPoP proofs, MCP DPoP profile), a 1 MB
 * JSON body limit, and `trustProxy`. Fastify's platform is loaded only when chosen.
 */
export async function createSampleApp(
  module: object,
  adapter: SampleHttpAdapter,
  { logger, trustProxy }: SampleAppOptions,
): Promise<INestApplication> {
  const options = { abortOnError: false, logger, rawBody: true };
  if (adapter === 'fastify') {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    return NestFactory.create(
      module,
      new FastifyAdapter({
        bodyLimit: SAMPLE_BODY_LIMIT,
        ...(trustProxy === undefined
          ? {}
          : { trustProxy: fastifyTrustProxy(trustProxy) }),
      }),
      options,
    );
  }
  const app = await NestFactory.create<NestExpressApplication>(module, options);
  app.useBodyParser('json', { limit: SAMPLE_BODY_LIMIT });
  if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
  return app;
}

/** Fastify's `trustProxy` for a value of Express's `trust proxy`: a hop count is a function there. */
function fastifyTrustProxy(
  trustProxy: boolean | number | string,
): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy !== 'number') return trustProxy;
  return (_address, hop) => hop < trustProxy;
}
