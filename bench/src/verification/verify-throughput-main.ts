/**
 * Entry of the verification-alone measurement, forked by the bench: new RS256 tokens verified in
 * this process, no HTTP, by `McpTokenVerifier.verify`, by jose's `jwtVerify` with
 * `createRemoteJWKSet` (how the peers verify), and the bare `node:crypto` signature check as the
 * floor. Rounds alternate the verifiers; the first round is warmup. Reports over IPC.
 */
import 'reflect-metadata';
import { McpTokenVerifier } from '@nest-mcp/auth';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { createPublicKey, verify } from 'node:crypto';
import { resolveMcpAuthOptions } from '../../../libs/mcp-auth/src/config/resolve-options.js';
import { startBenchIssuer } from '../issuer/bench-issuer.js';
import { generateBenchKey } from '../issuer/signing-key.js';
import { tokenMinter } from '../issuer/token-minter.js';
import type { VerifierRate } from './verify-throughput.js';

const RESOURCE = 'http://127.0.0.1/mcp';
const ROUNDS = 5;
const PER_SLICE = 2_000;
const IN_FLIGHT = 16;

async function main(): Promise<void> {
  const key = generateBenchKey();
  const issuer = await startBenchIssuer(key, 0);
  try {
    const minter = tokenMinter(key, issuer.issuer, RESOURCE);
    const ours = new McpTokenVerifier(
      resolveMcpAuthOptions({
        resource: RESOURCE,
        authorizationServers: [
          { issuer: issuer.issuer, jwksUri: issuer.jwksUri },
        ],
      }),
    );
    const jwks = createRemoteJWKSet(new URL(issuer.jwksUri));
    const publicKey = createPublicKey(key.privateKey);
    const verifiers: Record<VerifierRate['verifier'], (t: string) => unknown> =
      {
        'node:crypto signature only': (token) => {
          const dot = token.lastIndexOf('.');
          if (
            !verify(
              'sha256',
              Buffer.from(token.slice(0, dot)),
              publicKey,
              Buffer.from(token.slice(dot + 1), 'base64url'),
            )
          )
            throw new Error('signature');
        },
        'jose jwtVerify + createRemoteJWKSet': (token) =>
          jwtVerify(token, jwks, {
            issuer: issuer.issuer,
            audience: RESOURCE,
            algorithms: ['RS256'],
            requiredClaims: ['exp', 'sub'],
          }),
        'McpTokenVerifier.verify': (token) => ours.verify(token),
      };
    const totals = new Map<
      string,
      { tokens: number; ms: number; cpu: number }
    >();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [name, check] of Object.entries(verifiers)) {
        const tokens = minter.mintMany(PER_SLICE, `${name}-${round}`);
        const slice = await timeSlice(tokens, check);
        if (round === 0) continue;
        const total = totals.get(name) ?? { tokens: 0, ms: 0, cpu: 0 };
        total.tokens += tokens.length;
        total.ms += slice.ms;
        total.cpu += slice.cpuMicros;
        totals.set(name, total);
      }
    }
    const rates: VerifierRate[] = [...totals].map(([name, t]) => ({
      verifier: name as VerifierRate['verifier'],
      tokensPerSecond: (t.tokens * 1000) / t.ms,
      cpuMicrosPerToken: t.cpu / t.tokens,
      tokens: t.tokens,
    }));
    process.send?.({ type: 'verify', value: rates });
  } finally {
    await issuer.close();
  }
}

/** Verifies every token, `IN_FLIGHT` at a time; any failure aborts the run. */
async function timeSlice(
  tokens: readonly string[],
  check: (token: string) => unknown,
): Promise<{ ms: number; cpuMicros: number }> {
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < tokens.length) await check(tokens[next++]);
    }),
  );
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMicros: used.user + used.system };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `verification measurement failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
