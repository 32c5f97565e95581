/**
 * Entry of the heap measurement, forked with `--expose-gc`: verifies `BENCH_HEAP_TOKENS` distinct
 * valid tokens (default 100,000) with one `McpTokenVerifier` (default verified-token cache of 10,000)
 * and reports the heap after a full GC at checkpoints, to the parent over IPC.
 */
import 'reflect-metadata';
import { McpTokenVerifier, type McpAuthOptions } from '@nest-mcp/auth';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveMcpAuthOptions } from '../../../libs/mcp-auth/src/config/resolve-options.js';
import type { HeapCheckpoint } from './heap-bound.js';

const RESOURCE = 'http://127.0.0.1/mcp';
const b64 = (value: object) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

async function main(): Promise<void> {
  const total = Number(process.env.BENCH_HEAP_TOKENS ?? 100_000);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  // ES256: minting 100,000 tokens takes seconds, where RS256 would take minutes.
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });
  const kid = randomUUID();
  const jwks = JSON.stringify({
    keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256' }],
  });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const options: McpAuthOptions = {
    resource: RESOURCE,
    authorizationServers: [
      { issuer, jwksUri: `${issuer}/jwks`, algorithms: ['ES256'] },
    ],
  };
  const verifier = new McpTokenVerifier(resolveMcpAuthOptions(options));
  const header = b64({ alg: 'ES256', kid, typ: 'at+jwt' });
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const mint = (i: number) => {
    const input = `${header}.${b64({
      iss: issuer,
      aud: RESOURCE,
      sub: `user-${i}`,
      client_id: 'bench-client',
      scope: 'notes:read notes:write',
      exp,
      jti: randomUUID(),
    })}`;
    const signature = sign('sha256', Buffer.from(input), {
      key: privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${input}.${signature.toString('base64url')}`;
  };

  const checkpoints: HeapCheckpoint[] = [];
  const measure = (tokens: number) => {
    gc();
    checkpoints.push({ tokens, heapUsedBytes: process.memoryUsage().heapUsed });
  };
  measure(0);
  const marks = new Set([1_000, 10_000, 25_000, 50_000, 75_000, total]);
  for (let i = 1; i <= total; i += 1) {
    await verifier.verify(mint(i));
    if (marks.has(i)) measure(i);
  }
  server.close();
  process.send?.({ type: 'heap', value: checkpoints });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `heap measurement failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
