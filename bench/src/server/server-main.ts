/**
 * Entry of one server under test, forked by the bench: `server-main.js <kind> <config JSON>`.
 * Listens on 127.0.0.1, tells the parent `{ type: 'ready' }` over IPC, answers `{ type: 'cpu' }`
 * with the CPU time it has used so far (microseconds), and exits on SIGTERM.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { auth0PeerMiddleware } from './auth0-peer.middleware.js';
import { BenchAppModule } from './bench-app.module.js';
import { sdkPeerMiddleware } from './sdk-peer.middleware.js';
import { startMcpNestPeer, type PeerApp } from './mcp-nest-peer.js';
import { startSdkV2Peer } from './sdk-v2-peer.js';
import type { ServerConfig, ServerKind } from './server-kind.js';

const PEERS = {
  'sdk-peer': sdkPeerMiddleware,
  'auth0-peer': auth0PeerMiddleware,
} as const;

async function main(): Promise<void> {
  const kind = process.argv[2] as ServerKind;
  const config = JSON.parse(process.argv[3] ?? '{}') as ServerConfig;
  const app =
    kind === 'mcp-nest-peer'
      ? await startMcpNestPeer(config)
      : kind === 'sdk-v2-peer'
        ? await startSdkV2Peer(config)
        : await startBenchApp(kind, config);
  process.once('SIGTERM', () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.on('message', (message: { type?: string }) => {
    if (message?.type !== 'cpu') return;
    const { user, system } = process.cpuUsage();
    process.send?.({ type: 'cpu', micros: user + system });
  });
  process.send?.({ type: 'ready' });
}

/** The bench app of `kind` (see `BenchAppModule`), listening. */
async function startBenchApp(
  kind: ServerKind,
  config: ServerConfig,
): Promise<PeerApp> {
  const module = BenchAppModule.forKind(kind, config);
  // rawBody for every kind alike: ours checks DPoP content_digest against it.
  const options: NestApplicationOptions = {
    logger: ['error', 'warn'],
    abortOnError: false,
    rawBody: true,
  };
  const app: INestApplication =
    config.platform === 'fastify'
      ? await NestFactory.create(module, new FastifyAdapter(), options)
      : await NestFactory.create(module, options);
  if (kind === 'sdk-peer' || kind === 'auth0-peer') {
    app.use('/mcp', PEERS[kind](config));
  }
  await app.listen(config.port, '127.0.0.1');
  return app;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench server failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
