import { childResult } from '../child-result.js';

/** Throughput of one way of verifying new tokens, without HTTP. */
export interface VerifierRate {
  readonly verifier:
    | 'node:crypto signature only'
    | 'jose jwtVerify + createRemoteJWKSet'
    | 'McpTokenVerifier.verify';
  readonly tokensPerSecond: number;
  /** Process CPU (user + system, every thread) per token. */
  readonly cpuMicrosPerToken: number;
  readonly tokens: number;
}

/** Forks `verify-throughput-main.js` (its own process, nothing else running) and returns its rates. */
export function measureVerification(): Promise<VerifierRate[]> {
  return childResult<VerifierRate[]>(
    new URL('./verify-throughput-main.js', import.meta.url),
    'verify',
    'verification measurement',
  );
}

/** Markdown table of the rates, each against jose's. */
export function verificationTable(rates: readonly VerifierRate[]): string {
  const jose = rates.find(
    (r) => r.verifier === 'jose jwtVerify + createRemoteJWKSet',
  );
  const ratio = (value: number, base: number | undefined) =>
    base ? (value / base).toFixed(2) : '';
  return [
    '| verifier | tokens/s | ratio to jose | CPU µs/token | jose CPU / this CPU | tokens |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rates.map(
      (r) =>
        `| ${r.verifier} | ${r.tokensPerSecond.toFixed(0)} | ${ratio(r.tokensPerSecond, jose?.tokensPerSecond)} | ${r.cpuMicrosPerToken.toFixed(1)} | ${jose ? ratio(jose.cpuMicrosPerToken, r.cpuMicrosPerToken) : ''} | ${r.tokens} |`,
    ),
  ].join('\n');
}
